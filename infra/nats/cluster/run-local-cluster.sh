#!/usr/bin/env sh
# Starts / stops the 3-node JetStream test cluster "mi" on loopback.
#
#   infra/nats/cluster/run-local-cluster.sh [start]   start n1..n3 in the background, wait for a meta leader
#   infra/nats/cluster/run-local-cluster.sh stop      stop the nodes started by this script
#   infra/nats/cluster/run-local-cluster.sh status    show which nodes run and the JetStream meta leader
#   infra/nats/cluster/run-local-cluster.sh clean     stop, then delete /tmp/mi-nats (streams included)
#
# Client URLs:  NATS_URL=nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224
# Monitoring:   http://127.0.0.1:18222/jsz  (18223, 18224 for n2, n3)
# State:        /tmp/mi-nats/n{1,2,3} (JetStream store), /tmp/mi-nats/n{1,2,3}.pid, /tmp/mi-nats/n{1,2,3}.log
#
# Only the pids recorded in /tmp/mi-nats/*.pid are ever signalled; a NATS server on 4222 is not touched.
# NATS_SERVER overrides the binary (default: nats-server on PATH).
set -eu

DIR=$(cd "$(dirname "$0")" && pwd)
RUN=/tmp/mi-nats
NATS_SERVER=${NATS_SERVER:-nats-server}
NODES="1 2 3"

running() { # $1 = node number; true if its pid file names a live process
  [ -f "$RUN/n$1.pid" ] && kill -0 "$(cat "$RUN/n$1.pid")" 2>/dev/null
}

meta_leader() { # prints the meta leader's name as seen by node $1, empty if none
  curl -fs "http://127.0.0.1:$((18221 + $1))/jsz" 2>/dev/null | tr -d ' \n\r\t' |
    sed -n 's/.*"meta_cluster":{[^}]*"leader":"\([^"]*\)".*/\1/p'
}

start() {
  command -v "$NATS_SERVER" >/dev/null 2>&1 || { echo "nats-server not found (set NATS_SERVER)" >&2; exit 1; }
  mkdir -p "$RUN"
  for n in $NODES; do
    if running "$n"; then
      echo "n$n already running (pid $(cat "$RUN/n$n.pid"))"
      continue
    fi
    "$NATS_SERVER" -c "$DIR/nats-$n.conf" -P "$RUN/n$n.pid" -l "$RUN/n$n.log" </dev/null >/dev/null 2>&1 &
    echo "n$n started (pid $!), log $RUN/n$n.log"
  done
  printf 'waiting for a JetStream meta leader'
  i=0
  while [ $i -lt 30 ]; do
    leader=$(meta_leader 1 || true)
    if [ -n "$leader" ]; then
      echo " — leader: $leader"
      echo "NATS_URL=nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224 JETSTREAM_REPLICAS=3"
      return 0
    fi
    printf '.'
    sleep 1
    i=$((i + 1))
  done
  echo " — no meta leader after 30 s; see $RUN/n*.log" >&2
  exit 1
}

stop() {
  for n in $NODES; do
    if running "$n"; then
      pid=$(cat "$RUN/n$n.pid")
      kill -TERM "$pid"
      i=0
      while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
      if kill -0 "$pid" 2>/dev/null; then
        echo "n$n (pid $pid) did not stop in 10 s; sending KILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "n$n stopped (pid $pid)"
    else
      echo "n$n not running"
    fi
    rm -f "$RUN/n$n.pid"
  done
}

status() {
  for n in $NODES; do
    if running "$n"; then echo "n$n running (pid $(cat "$RUN/n$n.pid"))"; else echo "n$n not running"; fi
  done
  leader=$(meta_leader 1 || true)
  echo "meta leader: ${leader:-none}"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  clean) stop; rm -rf "$RUN"; echo "removed $RUN" ;;
  *) echo "usage: $0 [start|stop|status|clean]" >&2; exit 2 ;;
esac
