#!/usr/bin/env python3
"""Runs `alumni serve` under callgrind, counting instructions only once the
site is served: what each later edit costs, whatever the machine's load.

Used as the binary of serve_latency.py, the real binary in $ALUMNI:

  ALUMNI=target/release/alumni CALLGRIND_OUT=/tmp/front.cg \\
      python3 bench/serve_latency.py bench/serve_callgrind.py $SITE --edit front --runs 3
  grep ^summary /tmp/front.cg          # instructions of the 3 edits (and pages fetched)
  callgrind_annotate --inclusive=yes /tmp/front.cg

Every thread is counted (rayon's workers and the thread that frees the
last state too). An edit takes some seconds under callgrind.
"""

import os
import signal
import subprocess
import sys

out = os.environ.get("CALLGRIND_OUT", "callgrind.serve.out")
server = subprocess.Popen(
    ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=" + out,
     os.environ["ALUMNI"]] + sys.argv[1:],
    stdout=subprocess.PIPE, text=True,
)
signal.signal(signal.SIGTERM, lambda *_: server.send_signal(signal.SIGTERM))
for line in server.stdout:
    if "Serving" in line:
        subprocess.run(["callgrind_control", "-i", "on", str(server.pid)], stdout=subprocess.DEVNULL)
    sys.stdout.write(line)
    sys.stdout.flush()
server.wait()
