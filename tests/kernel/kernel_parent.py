"""Starts one kernel through jupyter_client, as a Jupyter server would, prints both PIDs, then waits.

The test kills this process with SIGKILL, so it cannot shut its kernel down: the kernel must notice by itself.
"""

import json
import os
import sys
import time

from jupyter_client.manager import KernelManager


def main() -> None:
    km = KernelManager(kernel_name=sys.argv[1])
    km.start_kernel(cwd=sys.argv[2])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kernel_pid = km.provisioner.pid if km.provisioner else None
    print(json.dumps({"parent": os.getpid(), "kernel": kernel_pid}), flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
