# Exercise 2: compute factorials of numbers 1–10 in parallel using a process pool.
import math
from concurrent.futures import ProcessPoolExecutor

if __name__ == "__main__":
    numbers = range(1, 11)
    with ProcessPoolExecutor() as executor:
        for n, f in zip(numbers, executor.map(math.factorial, numbers)):
            print(f"{n}! = {f}")
