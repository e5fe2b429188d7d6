#!/bin/sh
# broker-accounts: gives each doorlock service its own account at the broker, holding only its own role
# (k8s/README.md, "The broker and MQTT over TLS"). Runs in the Job broker-accounts, image eclipse-mosquitto, as the
# dynamic-security admin. Each run:
#   1. checks every input first and refuses (exit 1, nothing changed) a username or password it cannot use;
#   2. applies service-roles.json (deploy/mosquitto/service-roles.json: createRole + addRoleACL for the four
#      service-<service> roles), removes every ACL of those roles that the file does not list, and checks that each
#      role then holds exactly the file's ACLs;
#   3. per service, creates its client from its Secret (<SERVICE>_USERNAME, <SERVICE>_PASSWORD), or sets an
#      existing client's password to the Secret's, gives it its role service-<service> and takes away any other role;
#   4. logs in once as each service with the Secret's password, so a run that passes proves the services can.
# Running it again changes nothing but the passwords (which stay the same while the Secrets do).
#
# No password is ever on a command line. The admin's credentials reach the clients through their options files
# (mosquitto_rr, mosquitto_ctrl and mosquitto_sub read -u/-P from $XDG_CONFIG_HOME/<tool>, written here with the
# shell's builtin printf, mode 0600, on a memory-backed /tmp). A service's password reaches mosquitto_ctrl on stdin
# (createClient and setClientPassword prompt for it), and its login check reads its own options file. Requests
# through mosquitto_rr -m carry no secret (roles, ACLs and queries only).
set -eu

roles_file=${SERVICE_ROLES:-/config/service-roles.json}
work=${WORK_DIR:-/tmp}
broker_host=${BROKER_HOST:-mosquitto}
broker_port=${BROKER_PORT:-1883}
broker_tls=${BROKER_TLS:-false}
services="device-gateway dashboard-gateway command-service audit-service"
control='$CONTROL/dynamic-security/v1'

say() { echo "broker-accounts: $*"; }
refuse() { echo "broker-accounts: refused: $*; nothing was changed" >&2; exit 1; }
fail() { echo "broker-accounts: FAILED: $*" >&2; exit 1; }
env_prefix() { printf '%s' "$1" | tr 'a-z-' 'A-Z_'; }
# The value of the environment variable named $1 (the names are built here from the fixed service list).
value_of() { eval "printf '%s' \"\${$1:-}\""; }

# --- 1. Inputs ------------------------------------------------------------------------------------------------
check_username() { # VARIABLE VALUE
  case "$2" in
    '' | *[!A-Za-z0-9@._-]*) refuse "$1 must be set, letters, digits and @._- only" ;;
    *@*) ;;
    *) refuse "$1 ($2) must contain @: device ids never do, so no device can be registered under it" ;;
  esac
}
check_password() { # VARIABLE VALUE
  case "$2" in
    '' | *[!A-Za-z0-9._~+/=-]*) refuse "$1 must be set, letters, digits and ._~+/=- only (openssl rand -hex 32)" ;;
  esac
  [ "${#2}" -ge 16 ] || refuse "$1 must have 16 characters or more (openssl rand -hex 32)"
}
case "$broker_host" in '' | *[!A-Za-z0-9.-]*) refuse "BROKER_HOST ($broker_host) is not a host name" ;; esac
case "$broker_port" in '' | *[!0-9]*) refuse "BROKER_PORT ($broker_port) is not a port" ;; esac
case "$broker_tls" in true | false) ;; *) refuse "BROKER_TLS must be true or false" ;; esac
[ -r "$roles_file" ] || refuse "$roles_file (service-roles.json) is missing"
check_username ADMIN_USERNAME "${ADMIN_USERNAME:-}"
check_password ADMIN_PASSWORD "${ADMIN_PASSWORD:-}"
umask 077
state="$work/broker-accounts"
rm -rf "$state"
mkdir -p "$state"
trap 'rm -rf "$state"' EXIT
# "acltype topic allow", one ACL a line, sorted: as service-roles.json lists them for ROLE.
wanted_acls() { # ROLE
  tr -d '\n' <"$roles_file" | grep -o "\"rolename\": *\"$1\", *\"acltype\": *\"[^\"]*\", *\"topic\": *\"[^\"]*\", *\"allow\": *[a-z]*" |
    sed 's/.*"acltype": *"\([^"]*\)", *"topic": *"\([^"]*\)", *"allow": *\([a-z]*\)/\1 \2 \3/' | sort
}
usernames=" $ADMIN_USERNAME "
for service in $services; do
  prefix=$(env_prefix "$service")
  user=$(value_of "${prefix}_USERNAME")
  check_username "${prefix}_USERNAME" "$user"
  check_password "${prefix}_PASSWORD" "$(value_of "${prefix}_PASSWORD")"
  case "$usernames" in *" $user "*) refuse "${prefix}_USERNAME ($user) is already the username of another account" ;; esac
  usernames="$usernames$user "
  wanted_acls "service-$service" >"$state/wanted-$service"
  [ -s "$state/wanted-$service" ] || refuse "$roles_file lists no ACL for the role service-$service"
done

options() { # DIRECTORY USERNAME PASSWORD: options files for mosquitto_rr, mosquitto_ctrl and mosquitto_sub
  mkdir -p "$1"
  for tool in mosquitto_rr mosquitto_ctrl mosquitto_sub; do
    {
      printf -- '-h %s\n-p %s\n-u %s\n-P %s\n' "$broker_host" "$broker_port" "$2" "$3"
      # An external broker over TLS: its certificate must be trusted by the image's CA bundle.
      if [ "$broker_tls" = true ]; then printf -- '--cafile /etc/ssl/certs/ca-certificates.crt\n'; fi
    } >"$1/$tool"
  done
}
options "$state/admin" "$ADMIN_USERNAME" "$ADMIN_PASSWORD"
export XDG_CONFIG_HOME="$state/admin"

# A request without secrets through mosquitto_rr. Every response of the plugin goes to the one response topic, also
# those to dashboard-gateway's requests: a query carries correlationData, and an answer without it is not ours.
request() { # JSON
  mosquitto_rr -t "$control" -e "$control/response" -W 10 -N -m "$1" ||
    fail "no answer from the dynamic-security plugin at $broker_host:$broker_port as $ADMIN_USERNAME (not reachable yet, or not the admin's password: see above)"
}
sequence=0
query() { # COMMAND-FIELDS (without the braces): prints the plugin's answer to that one command
  sequence=$((sequence + 1))
  id="broker-accounts-$$-$sequence"
  for attempt in 1 2 3 4 5; do
    answer=$(request "{\"commands\":[{$1,\"correlationData\":\"$id\"}]}")
    case "$answer" in *"\"correlationData\":\"$id\""*) printf '%s' "$answer"; return 0 ;; esac
  done
  fail "no answer to $1 (another admin client kept answering first?)"
}
# mosquitto_ctrl dynsec COMMAND ARGS...: fails on any error it reports (it exits 0 even then). Its warning about
# plain MQTT is dropped: the bundled broker is reached inside the cluster only.
ctrl() {
  output=$(mosquitto_ctrl dynsec "$@" 2>&1 | grep -v -e 'without encryption' -e 'visible on the network' -e '^$' -e 'password for' -e 'Press return' || true)
  case "$output" in *Error*) fail "mosquitto_ctrl dynsec $1 $2: $output" ;; esac
}
# A service's password twice (mosquitto_ctrl asks again to confirm), for mosquitto_ctrl's stdin.
password_twice() { # SERVICE-PREFIX FILE
  { value_of "${1}_PASSWORD"; printf '\n'; value_of "${1}_PASSWORD"; printf '\n'; } >"$2"
}
# "acltype topic allow", one ACL a line, sorted, from the plugin's getRole answer (wanted_acls: from the file).
held_acls() { # ROLE
  role_json=$(query "\"command\":\"getRole\",\"rolename\":\"$1\"")
  printf '%s' "$role_json" | grep -o '"acltype":"[^"]*","topic":"[^"]*","priority":-*[0-9]*,"allow":[a-z]*' |
    sed 's/"acltype":"\([^"]*\)","topic":"\([^"]*\)","priority":-*[0-9]*,"allow":\([a-z]*\)/\1 \2 \3/' | sort
}

# --- 2. Roles -------------------------------------------------------------------------------------------------
say "broker $broker_host:$broker_port (TLS $broker_tls), admin $ADMIN_USERNAME"
answer=$(request "$(cat "$roles_file")")
case "$answer" in *'"responses"'*) ;; *) fail "the plugin did not answer service-roles.json: $answer" ;; esac
for service in $services; do
  role="service-$service"
  held_acls "$role" >"$state/held"
  # ACLs a former service-roles.json (or a hand) gave the role: removed, so the role is exactly the file's.
  grep -F -x -v -f "$state/wanted-$service" "$state/held" | while read -r type topic allow; do
    say "$role: removing ACL $type $topic (allow $allow), not in service-roles.json"
    answer=$(request "{\"commands\":[{\"command\":\"removeRoleACL\",\"rolename\":\"$role\",\"acltype\":\"$type\",\"topic\":\"$topic\"}]}")
  done
  if ! cmp -s "$state/wanted-$service" "$state/held"; then
    # Removed ones may have shadowed a wanted ACL with the same topic: apply the file again, then compare.
    answer=$(request "$(cat "$roles_file")")
    held_acls "$role" >"$state/held"
    cmp -s "$state/wanted-$service" "$state/held" ||
      fail "$role does not hold exactly the ACLs of service-roles.json: $(grep -F -x -v -f "$state/held" "$state/wanted-$service" | tr '\n' ';')"
  fi
  say "$role: $(wc -l <"$state/wanted-$service") ACLs, as in service-roles.json"
done

# --- 3. Clients -----------------------------------------------------------------------------------------------
for service in $services; do
  prefix=$(env_prefix "$service")
  user=$(value_of "${prefix}_USERNAME")
  role="service-$service"
  client=$(query "\"command\":\"getClient\",\"username\":\"$user\"")
  case "$client" in
    *'"error":"Client not found"'*)
      password_twice "$prefix" "$state/stdin"
      ctrl createClient "$user" <"$state/stdin"
      say "$user: created" ;;
    *'"error"'*) fail "getClient $user: $client" ;;
    *)
      password_twice "$prefix" "$state/stdin"
      ctrl setClientPassword "$user" <"$state/stdin"
      say "$user: exists, password set from its Secret" ;;
  esac
  rm -f "$state/stdin"
  client=$(query "\"command\":\"getClient\",\"username\":\"$user\"")
  for other in $(printf '%s' "$client" | grep -o '"rolename":"[^"]*"' | sed 's/"rolename":"\(.*\)"/\1/'); do
    if [ "$other" != "$role" ]; then
      ctrl removeClientRole "$user" "$other"
      say "$user: role $other taken away (a service holds its own role only)"
    fi
  done
  case "$client" in
    *"\"rolename\":\"$role\""*) ;;
    *) ctrl addClientRole "$user" "$role"; say "$user: role $role given" ;;
  esac
  client=$(query "\"command\":\"getClient\",\"username\":\"$user\"")
  roles=$(printf '%s' "$client" | grep -o '"rolename":"[^"]*"' | tr '\n' ' ')
  [ "$roles" = "\"rolename\":\"$role\" " ] || fail "$user holds roles $roles, not exactly $role"
done

# --- 4. Each service logs in with its Secret's password -------------------------------------------------------
# The check subscribes to a topic no service role allows (the broker denies it, which ends mosquitto_sub -E): it only
# proves the login, and it joins no shared subscription, so no message meant for a service is taken from it.
for service in $services; do
  prefix=$(env_prefix "$service")
  user=$(value_of "${prefix}_USERNAME")
  role="service-$service"
  options "$state/$service" "$user" "$(value_of "${prefix}_PASSWORD")"
  if ! output=$(XDG_CONFIG_HOME="$state/$service" mosquitto_sub -i "broker-accounts-check-$$" -E -W 10 \
      -t '$CONTROL/broker-accounts/login-check' 2>&1) || printf '%s' "$output" | grep -q -i -e 'connection error' -e 'not authori'; then
    fail "$user cannot log in with the password of its Secret: $output"
  fi
  say "$user: logs in with its Secret's password, role $role"
done
say "done: four service accounts, each with its own role"
