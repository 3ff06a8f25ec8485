"""@id@: read a name on standard input and print a greeting (see README.md)."""
import sys


def main():
    name = sys.stdin.readline().strip()
    # TODO (stage 1): print "Hello, NAME!".
    # TODO (stage 2): with no name, print "Hello, world!".


if __name__ == "__main__":
    main()
