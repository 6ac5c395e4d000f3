"""`python -m dstream_kernel -f CONNECTION_FILE` (the kernelspec's argv) and the `dstream-kernel`
command: replaces this process with the packaged binary, so Jupyter's signals (interrupt_mode
"signal") and its exit reach the kernel itself."""
import os
import sys

from dstream_kernel import BINARY, environment


def main():
    binary = str(BINARY)
    os.execve(binary, [binary] + sys.argv[1:], environment())


if __name__ == "__main__":
    main()
