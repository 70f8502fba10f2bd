from multiprocessing import Process, Pool

# worker() from the chapter's section 1
def worker(n):
    print(f"Thread {n} starting")
    # simulate work
    import time; time.sleep(0.5)
    print(f"Thread {n} done")

def f(x):
    return x*x

if __name__ == "__main__":
    # individual processes
    procs = [Process(target=worker, args=(i,)) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()

    # pool of workers
    with Pool(4) as pool:
        print(pool.map(f, [1,2,3,4]))
