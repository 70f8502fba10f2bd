import threading, queue, time, random

work_q = queue.Queue()

def producer():
    for i in range(20):
        item = f"item-{i:02d}"
        work_q.put(item)
        print(f"  Produced: {item}")
        time.sleep(random.uniform(0.05, 0.1))
    for _ in range(4):   # sentinel values
        work_q.put(None)

def consumer(cid):
    while True:
        item = work_q.get()
        if item is None:
            work_q.task_done()
            break
        time.sleep(random.uniform(0.1, 0.3))
        print(f"  Consumer-{cid}: processed {item}")
        work_q.task_done()

threads = [threading.Thread(target=producer)]
threads += [threading.Thread(target=consumer, args=(i,)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print("All done")
