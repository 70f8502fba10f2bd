from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor
import time

# CPU-bound: use ProcessPoolExecutor
def is_prime(n):
    if n < 2: return False
    return all(n % i for i in range(2, int(n**0.5)+1))

if __name__ == "__main__":
    with ProcessPoolExecutor() as executor:
        primes = list(executor.map(is_prime, range(1000)))
    print(sum(primes), "primes below 1000")
