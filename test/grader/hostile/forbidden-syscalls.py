import ctypes

CLONE_NEWUSER = 0x10000000


async def greet(name, delay=1.0):
    # A user namespace would hand the process every capability inside it: the sandbox's seccomp
    # profile forbids the call, and the process must be stopped before it prints anything.
    libc = ctypes.CDLL(None, use_errno=True)
    print("UNSHARE", libc.unshare(CLONE_NEWUSER), ctypes.get_errno())
    print("Hello", name)
