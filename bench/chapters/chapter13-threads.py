import threading

def worker(n):
    print(f"Thread {n} starting")
    # simulate work
    import time; time.sleep(0.5)
    print(f"Thread {n} done")

threads = []
for i in range(3):
    t = threading.Thread(target=worker, args=(i,))
    threads.append(t)
    t.start()

for t in threads:
    t.join()
