"""@id@: greet the person named on standard input (see README.md)."""
import sys


def main():
    name = sys.stdin.readline().strip()
    # TODO: print "Hello, NAME!"
    print("TODO", name)


if __name__ == "__main__":
    main()
