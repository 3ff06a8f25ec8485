# Wrong: forgets the default, so no name gives "Hello, !" (the default-name tests catch it).
import sys


def main():
    name = sys.stdin.readline().strip()
    print(f"Hello, {name}!")


if __name__ == "__main__":
    main()
