# SPDX-License-Identifier: Apache-2.0
# Sourced by scripts/test.sh: start and stop the real services the
# integration suites use (pcscd with vpcd, a throwaway PostgreSQL cluster),
# each on 127.0.0.1, each stopped by its pid.

SSC_SVC_DIR=""

svc_init() {
	SSC_SVC_DIR=$(mktemp -d /tmp/ssc-services.XXXXXX)
	chmod 755 "$SSC_SVC_DIR"
}

# pcscd in the foreground (no --auto-exit), in the background of this shell.
svc_start_pcscd() {
	command -v pcscd >/dev/null 2>&1 || { echo "services: pcscd not installed"; return 0; }
	if pgrep -x pcscd >/dev/null 2>&1; then
		echo "services: pcscd already running"
		export SSC_TEST_PCSCD=1
		return 0
	fi
	mkdir -p /run/pcscd
	pcscd --foreground >"$SSC_SVC_DIR/pcscd.log" 2>&1 &
	echo $! >"$SSC_SVC_DIR/pcscd.pid"
	# vpcd listens once pcscd has loaded the driver.
	i=0
	while [ $i -lt 50 ]; do
		if (exec 3<>/dev/tcp/127.0.0.1/35963) 2>/dev/null; then break; fi
		i=$((i + 1)); sleep 0.1
	done
	export SSC_TEST_PCSCD=1
	echo "services: pcscd pid $(cat "$SSC_SVC_DIR/pcscd.pid")"
}

# A PostgreSQL 15 cluster in a temp dir on a free loopback port.
svc_start_postgres() {
	bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$bindir" ] || { echo "services: PostgreSQL not installed"; return 0; }
	d="$SSC_SVC_DIR/pg"
	mkdir -p "$d"; chown postgres "$d"
	port=54331
	while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
	runuser -u postgres -- "$bindir/initdb" -D "$d/data" -A trust -U postgres >"$SSC_SVC_DIR/initdb.log" 2>&1
	runuser -u postgres -- "$bindir/pg_ctl" -D "$d/data" \
		-o "-p $port -k $d -c listen_addresses=127.0.0.1 -c fsync=on" \
		-l "$d/log" -w start >/dev/null
	echo "$bindir" >"$SSC_SVC_DIR/pg.bindir"
	export SSC_TEST_PG="host=127.0.0.1 port=$port user=postgres dbname=postgres"
	echo "services: PostgreSQL on 127.0.0.1:$port"
}

svc_stop_all() {
	if [ -n "$SSC_SVC_DIR" ] && [ -f "$SSC_SVC_DIR/pg.bindir" ]; then
		runuser -u postgres -- "$(cat "$SSC_SVC_DIR/pg.bindir")/pg_ctl" \
			-D "$SSC_SVC_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	if [ -n "$SSC_SVC_DIR" ] && [ -f "$SSC_SVC_DIR/pcscd.pid" ]; then
		kill "$(cat "$SSC_SVC_DIR/pcscd.pid")" 2>/dev/null || true
		wait "$(cat "$SSC_SVC_DIR/pcscd.pid")" 2>/dev/null || true
	fi
	[ -n "$SSC_SVC_DIR" ] && rm -rf "$SSC_SVC_DIR"
	SSC_SVC_DIR=""
}
