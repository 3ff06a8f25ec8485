"""Reference solution of @id@."""
import sys


def main():
    name = sys.stdin.readline().strip()
    print(f"Hello, {name or 'world'}!")


if __name__ == "__main__":
    main()
