# Application servers other than Payara Micro for scripts/run.sh --server (sourced, not run). One function per
# server and step:
#
#   server_home NAME           the unpacked server (downloaded through Maven into ~/.m2 on first use, unzipped
#                              into $SERVERS_DIR, run/servers/ by default); prints its directory
#   start_wildfly DIR WAR      WildFly, standalone.xml (no JGroups), its own base directory DIR/wildfly
#   start_payara_server DIR WAR  Payara Server 6, a domain of its own in DIR/payara-server
#
# Each start_ function leaves the server starting in the background, the server JVM's PID in $PID_FILE and its
# output in $LOG; the caller waits for the URL and stops it by the PID file. What they read: PORT (HTTP),
# JAVA_OPTS, HZ_CONFIG (a Hazelcast member config file, or empty), and every SOCKETGRID_* setting, which reaches
# the server JVM through the environment. Everything binds to 127.0.0.1; the HTTPS listener each server has by
# default takes PORT + 363 (8443 beside 8080). The versions are pom.xml's (wildfly.version, payara.server.version).

SERVERS_DIR="$(realpath -m "${SOCKETGRID_SERVERS_DIR:-run/servers}")"
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

pom_property() { sed -n "s#.*<$1>\(.*\)</$1>.*#\1#p" pom.xml | head -n 1; }

# server_home wildfly|payara-server: downloads (once, into ~/.m2) and unzips (once) the pinned distribution
server_home() {
  local artifact dir
  case "$1" in
    wildfly)
      artifact="org.wildfly:wildfly-dist:$(pom_property wildfly.version):zip"
      dir="$SERVERS_DIR/wildfly-$(pom_property wildfly.version)" ;;
    payara-server)
      artifact="fish.payara.distributions:payara:$(pom_property payara.server.version):zip"
      dir="$SERVERS_DIR/payara-$(pom_property payara.server.version)" ;;
    *) echo "no such server: $1" >&2; return 2 ;;
  esac
  mkdir -p "$SERVERS_DIR"
  # one unzip at a time (cluster.sh starts instances in parallel); a half-unzipped server has no .complete
  (
    flock 9
    if [[ ! -f "$dir/.complete" ]]; then
      echo "unpacking $artifact into $dir ..." >&2
      rm -rf "$dir" "$dir.partial"
      mvn -q -B -o "$DEPENDENCY_PLUGIN:unpack" -Dartifact="$artifact" -DoutputDirectory="$dir.partial" >&2 2>/dev/null \
        || mvn -q -B "$DEPENDENCY_PLUGIN:unpack" -Dartifact="$artifact" -DoutputDirectory="$dir.partial" >&2
      # the zips hold one top folder (wildfly-<version>/, payara6/)
      mv "$dir.partial"/* "$dir" && rmdir "$dir.partial"
      touch "$dir/.complete"
    fi
  ) 9>"$SERVERS_DIR/.lock"
  echo "$dir"
}

# waits (at most 10 s) for file $1 to hold a PID; fails otherwise
await_pid_file() {
  for _ in $(seq 1 100); do
    [[ -s "$1" ]] && return 0
    sleep 0.1
  done
  return 1
}

# start_wildfly RUN_DIR WAR: WildFly with standalone.xml in a fresh base directory RUN_DIR/wildfly, the WAR at
# the root context (as ROOT.war). Ports: HTTP PORT, HTTPS PORT + 363, management PORT + 1910 (9990 beside 8080),
# all on 127.0.0.1.
start_wildfly() {
  local run_dir=$1 war=$2 home base
  home=$(server_home wildfly)
  base="$run_dir/wildfly"
  rm -rf "$base"
  mkdir -p "$base/deployments" "$run_dir/tmp"
  cp -r "$home/standalone/configuration" "$base/"
  cp "$war" "$base/deployments/ROOT.war"
  local options=("${JAVA_OPTS:--Xmx512m}" -Dhazelcast.phone.home.enabled=false -Djava.io.tmpdir="$run_dir/tmp")
  # the WAR starts its own Hazelcast member from this file (socketgrid.hazelcastConfig); none: in memory
  [[ -z "$HZ_CONFIG" ]] || options+=(-Dsocketgrid.hazelcastConfig="$(realpath "$HZ_CONFIG")")
  rm -f "$PID_FILE"
  # standalone.sh runs the JVM in the background, writes its PID to JBOSS_PIDFILE and passes TERM on to it
  # shellcheck disable=SC2086
  JAVA_OPTS="${options[*]}" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$PID_FILE" \
    "$home/bin/standalone.sh" -c standalone.xml -b 127.0.0.1 -bmanagement 127.0.0.1 \
    -Djboss.server.base.dir="$base" \
    -Djboss.http.port="$PORT" -Djboss.https.port=$((PORT + 363)) \
    -Djboss.management.http.port=$((PORT + 1910)) -Djboss.management.https.port=$((PORT + 1913)) \
    >"$LOG" 2>&1 &
  await_pid_file "$PID_FILE" || { echo "WildFly did not start; see $LOG" >&2; tail -n 30 "$LOG" >&2; return 1; }
}

# asadmin of the unpacked Payara Server, against the domain's admin port
payara_asadmin() {
  "$PAYARA_HOME/bin/asadmin" --interactive=false --port "$ADMIN_PORT" "$@"
}

# start_payara_server RUN_DIR WAR: a fresh domain "socketgrid" in RUN_DIR/payara-server, started, then the WAR
# deployed at the root context. Ports: HTTP PORT, HTTPS PORT + 363, admin PORT + 1000, the others (JMS, JMX,
# IIOP, OSGi shell, debugger) 20000 + 10 × (PORT mod 1000) and up; Hazelcast from 5701 (auto-increment), so
# that a member list of 127.0.0.1:5701,… finds every instance. Every listener binds 127.0.0.1.
start_payara_server() {
  local run_dir=$1 war=$2 domains high config
  PAYARA_HOME="$(server_home payara-server)"
  ADMIN_PORT=$((PORT + 1000))
  domains="$run_dir/payara-server"
  high=$((20000 + 10 * (PORT % 1000)))
  rm -rf "$domains"
  mkdir -p "$run_dir/tmp"
  "$PAYARA_HOME/bin/asadmin" --interactive=false create-domain --nopassword --domaindir "$domains" \
    --adminport "$ADMIN_PORT" --instanceport "$PORT" \
    --domainproperties "http.ssl.port=$((PORT + 363)):jms.port=$high:domain.jmxPort=$((high + 1)):orb.listener.port=$((high + 2)):orb.ssl.port=$((high + 3)):orb.mutualauth.port=$((high + 4)):osgi.shell.telnet.port=$((high + 5)):java.debugger.port=$((high + 6))" \
    socketgrid >"$LOG" 2>&1 || { echo "creating the Payara Server domain failed; see $LOG" >&2; tail -n 20 "$LOG" >&2; return 1; }
  config="$domains/socketgrid/config"
  # loopback only: every listener that names an address, and the HTTP and admin listeners that name none;
  # the data grid from 5701 and, with a member config, from that file (TCP-IP on 127.0.0.1, no multicast); no
  # JMS broker (SocketGrid uses none, and its port listens on every interface)
  sed -i -e 's/address="0\.0\.0\.0"/address="127.0.0.1"/g' \
      -e 's/<network-listener port=/<network-listener address="127.0.0.1" port=/g' \
      -e 's#<hazelcast-runtime-configuration #<hazelcast-runtime-configuration das-bind-address="127.0.0.1" #' \
      -e 's/das-port="4900"/das-port="5701"/' \
      -e 's/\(<jms-service [^>]*\)type="EMBEDDED"/\1type="DISABLED"/' \
      "$config/domain.xml"
  if [[ -n "$HZ_CONFIG" ]]; then
    cp "$HZ_CONFIG" "$config/hazelcast-config.xml"
    sed -i 's#<hazelcast-runtime-configuration #<hazelcast-runtime-configuration hazelcast-configuration-file="hazelcast-config.xml" #' "$config/domain.xml"
  fi
  # as on Payara Micro (scripts/payara/pre-boot.asadmin): Grizzly's WebSocket add-on, the HTTP/2 filter and Comet
  # off on the HTTP listener (server-config's http-listener-1, the first <http> of domain.xml); Tyrus needs none
  sed -i '0,/<http max-connections="250" default-virtual-server="server">/s//<http max-connections="250" default-virtual-server="server" http2-enabled="false" websockets-support-enabled="false" comet-support-enabled="false">/' \
    "$config/domain.xml"
  # JVM options: JAVA_OPTS instead of the domain's -Xmx512m, Hazelcast's phone-home off, the temp directory
  local options="" option
  for option in ${JAVA_OPTS:--Xmx512m} -Dhazelcast.phone.home.enabled=false "-Djava.io.tmpdir=$run_dir/tmp"; do
    options+="<jvm-options>${option//#/\\#}</jvm-options>"
  done
  sed -i "0,\#<jvm-options>-Xmx512m</jvm-options>#s##$options#" "$config/domain.xml"
  "$PAYARA_HOME/bin/asadmin" --interactive=false start-domain --domaindir "$domains" socketgrid >>"$LOG" 2>&1 \
    || { echo "Payara Server did not start; see $LOG and $domains/socketgrid/logs/server.log" >&2; return 1; }
  cp "$config/pid" "$PID_FILE"
  payara_asadmin deploy --contextroot / --name socketgrid "$war" >>"$LOG" 2>&1 \
    || { echo "deploying $war to Payara Server failed; see $domains/socketgrid/logs/server.log" >&2; return 1; }
}
