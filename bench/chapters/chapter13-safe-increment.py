import threading

lock = threading.Lock()
counter = 0

def safe_increment():
    global counter
    with lock:
        temp = counter
        temp += 1
        counter = temp

# Exercise 1: a threaded counter that increments a shared variable 10 000 times safely.
def work(n):
    for _ in range(n):
        safe_increment()

threads = [threading.Thread(target=work, args=(2500,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(counter)
