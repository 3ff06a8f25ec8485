"""@id@: greet the person named on standard input (see README.md)."""
import sys


def main():
    name = sys.stdin.readline().strip()
    print(f"Hello, {name}!")


if __name__ == "__main__":
    main()
