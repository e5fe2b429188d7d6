#!/bin/sh
# Creates Mosquitto's dynamic-security state on the broker's first start (the init container dynsec-init; the state
# lives on the broker's volume, so later starts keep it and this does nothing). The state holds one client, the admin
# from the Secret doorlock-broker-admin (ADMIN_USERNAME, ADMIN_PASSWORD), whose role may use the plugin's control
# topics only, and denies everything else by default: the same state io.doorlock.testing.DynsecState writes for the
# tests and the local run. The service accounts and their roles are added afterwards by the Job broker-accounts.
#
# No password is ever on a command line: "mosquitto_ctrl dynsec init FILE USER PASSWORD" would put the admin's there.
# The password goes through the shell's builtin printf into a file only this user may read on /tmp (a memory-backed
# volume, where mosquitto_passwd also keeps its temporary copy), and mosquitto_passwd -U turns that file into the
# PBKDF2-SHA512 hash the plugin stores ($7$ITERATIONS$SALT$HASH: salt and hash in the plugin's own base64); the plain
# file is deleted at once. Refuses (exit 1, nothing written) a username or password it cannot place in JSON as is.
set -eu
state=${DYNSEC_STATE:-/mosquitto/data/dynamic-security.json}
work=${DYNSEC_WORK:-/tmp}

if [ -f "$state" ]; then
  echo "dynsec-init: $state exists, kept (the admin's password is changed with setClientPassword, k8s/README.md)"
  exit 0
fi
case "${ADMIN_USERNAME:-}" in
  '' | *[!A-Za-z0-9@._-]*) echo "dynsec-init: refused: the admin username must be letters, digits and @._- only" >&2; exit 1 ;;
  *@*) ;;
  *) echo "dynsec-init: refused: the admin username must contain @ (device ids never do), e.g. broker-admin@doorlock" >&2; exit 1 ;;
esac
case "${ADMIN_PASSWORD:-}" in
  '' | *[!A-Za-z0-9._~+/=-]*) echo "dynsec-init: refused: the admin password must be letters, digits and ._~+/=- only (openssl rand -hex 32)" >&2; exit 1 ;;
esac
if [ "${#ADMIN_PASSWORD}" -lt 16 ]; then
  echo "dynsec-init: refused: the admin password must have 16 characters or more (openssl rand -hex 32)" >&2
  exit 1
fi

umask 077
passwd="$work/admin.passwd"
trap 'rm -f "$passwd" "$passwd".* "$state.new"' EXIT # also a backup mosquitto_passwd may leave
printf '%s:%s\n' "$ADMIN_USERNAME" "$ADMIN_PASSWORD" >"$passwd"
mosquitto_passwd -U "$passwd"
hashed=$(cut -d: -f2- "$passwd")
rm -f "$passwd" "$passwd".*
IFS='$' read -r _ scheme iterations salt hash <<END
$hashed
END
if [ "$scheme" != 7 ] || [ -z "$salt" ] || [ -z "$hash" ]; then
  echo "dynsec-init: mosquitto_passwd wrote an unknown hash format (scheme $scheme); nothing written" >&2
  exit 1
fi
case "$iterations" in '' | *[!0-9]*) echo "dynsec-init: unexpected iteration count; nothing written" >&2; exit 1 ;; esac

cat >"$state.new" <<END
{
  "clients": [{
    "username": "$ADMIN_USERNAME",
    "textName": "doorlock broker admin (provisions devices and the services' accounts)",
    "password": "$hash",
    "salt": "$salt",
    "iterations": $iterations,
    "roles": [{"rolename": "admin"}]
  }],
  "roles": [{
    "rolename": "admin",
    "acls": [
      {"acltype": "publishClientSend", "topic": "\$CONTROL/dynamic-security/#", "allow": true},
      {"acltype": "publishClientReceive", "topic": "\$CONTROL/dynamic-security/#", "allow": true},
      {"acltype": "subscribePattern", "topic": "\$CONTROL/dynamic-security/#", "allow": true}
    ]
  }],
  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": true, "subscribe": false, "unsubscribe": true}
}
END
mv "$state.new" "$state"
echo "dynsec-init: created $state with the admin $ADMIN_USERNAME (the services' accounts: Job broker-accounts)"
