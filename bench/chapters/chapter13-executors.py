from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

def square(x): return x*x

if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=3) as executor:
        results = list(executor.map(square, range(5)))
        print("Threads:", results)

    with ProcessPoolExecutor(max_workers=3) as executor:
        results = list(executor.map(square, range(5)))
        print("Processes:", results)
