from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor
import time

# I/O-bound: use ThreadPoolExecutor
def download(url):
    time.sleep(0.5)   # simulate
    return f"result:{url}"

with ThreadPoolExecutor(max_workers=4) as executor:
    futures = [executor.submit(download, f"http://site{i}.com") for i in range(8)]
    results = [f.result() for f in futures]
print(len(results), "downloads done")
