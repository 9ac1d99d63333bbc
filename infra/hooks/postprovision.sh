#!/usr/bin/env bash
# azd postprovision hook; also runs by hand after `azd env refresh` (infra/README.md). With the
# deployer's Entra identity (the az CLI's token) it
#   1. creates the app identity's database principal (pgaadauth_create_principal_with_oid),
#   2. creates the NOLOGIN roles api_service, backtest_service and ranking_writer if missing,
#   3. runs the Flyway migrations (bin/migrate, POSTGRES_AUTH=entra), which grant to those roles,
#   4. grants the three roles, and read access to Flyway's history (/readyz), to the app's principal.
# Every step is idempotent. The app itself never migrates in Azure (BACKTEST_MIGRATE_ON_STARTUP=false).
#
# Network: a server with public access disabled has no public endpoint, so by default this hook
# opens a window for the duration of the run: it enables the public endpoint, admits only this
# machine's public IP, and closes both again on exit (also on failure). Set
# POSTGRES_HOOK_NETWORK=direct when this runs inside the VNet (a self-hosted runner), to skip that.
#
# Needs: az (signed in as the server's Entra administrator, or a member of that group), psql 16+
# (or PGSSLROOTCERT naming a CA bundle), curl, and what bin/migrate needs (JDK 17, Maven, Node.js).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
log() { echo "postprovision: $*"; }
warn() { echo "postprovision: warning: $*" >&2; }
die() { echo "postprovision: error: $*" >&2; exit 1; }

for name in AZURE_RESOURCE_GROUP POSTGRES_SERVER_NAME POSTGRES_HOST POSTGRES_DATABASE \
            API_IDENTITY_NAME API_IDENTITY_PRINCIPAL_ID POSTGRES_ADMIN_PRINCIPAL_NAME; do
  [ -n "${!name:-}" ] || die "$name is not set (azd sets it from the deployment outputs; by hand: azd env refresh, then eval \"\$(azd env get-values)\")"
done
network=${POSTGRES_HOOK_NETWORK:-window}
case "$network" in window|direct) ;; *) die "POSTGRES_HOOK_NETWORK must be window or direct, not '$network'" ;; esac

# The role name and object id go into SQL and a URL: accept only what Azure generates.
[[ "$API_IDENTITY_NAME" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$ ]] || die "unexpected identity name '$API_IDENTITY_NAME'"
[[ "$API_IDENTITY_PRINCIPAL_ID" =~ ^[0-9a-fA-F-]{36}$ ]] || die "unexpected principal id '$API_IDENTITY_PRINCIPAL_ID'"

command -v az >/dev/null || die "the Azure CLI (az) is not on the PATH"
command -v psql >/dev/null || die "psql is not on the PATH (PostgreSQL client 16 or later)"
command -v curl >/dev/null || die "curl is not on the PATH"
sslrootcert=${PGSSLROOTCERT:-system}
if [ "$sslrootcert" = system ]; then
  psql_major=$(psql --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
  [ "$psql_major" -ge 16 ] || die "psql $psql_major cannot verify against the system CA store (sslrootcert=system needs 16+); install a newer client or set PGSSLROOTCERT to a CA bundle"
fi

rg=$AZURE_RESOURCE_GROUP
server=$POSTGRES_SERVER_NAME
admin=$POSTGRES_ADMIN_PRINCIPAL_NAME
app_role=$API_IDENTITY_NAME

# --- network window -------------------------------------------------------------------------
rule=""
opened_public=false
close_window() {
  if [ -n "$rule" ]; then
    az postgres flexible-server firewall-rule delete -g "$rg" --name "$server" --rule-name "$rule" --yes --output none \
      || warn "could not delete firewall rule $rule; delete it: az postgres flexible-server firewall-rule delete -g $rg --name $server --rule-name $rule --yes"
  fi
  if [ "$opened_public" = true ]; then
    log "disabling the public endpoint again"
    az postgres flexible-server update -g "$rg" -n "$server" --public-access Disabled --output none \
      || warn "the public endpoint of $server is still ENABLED; disable it: az postgres flexible-server update -g $rg -n $server --public-access Disabled"
  fi
}
trap close_window EXIT

if [ "$network" = window ]; then
  ip=$(curl -fsS --max-time 15 https://api.ipify.org) || die "could not learn this machine's public IP"
  [[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "unexpected public IP '$ip'"
  if [ "$(az postgres flexible-server show -g "$rg" -n "$server" --query network.publicNetworkAccess -o tsv)" != Enabled ]; then
    log "enabling the public endpoint of $server for this run (it is disabled again on exit)"
    opened_public=true
    az postgres flexible-server update -g "$rg" -n "$server" --public-access Enabled --output none
  fi
  rule="deploy-hook-$(date +%s)"
  log "admitting $ip through firewall rule $rule"
  az postgres flexible-server firewall-rule create -g "$rg" --name "$server" --rule-name "$rule" \
    --start-ip-address "$ip" --end-ip-address "$ip" --output none
fi

# --- database principal and roles ---------------------------------------------------------------
# An Entra access token is the password (valid about an hour, long enough for this hook).
PGPASSWORD=$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)
export PGPASSWORD
conninfo() { echo "host=$POSTGRES_HOST port=5432 dbname=$1 user=$admin sslmode=verify-full sslrootcert=$sslrootcert connect_timeout=10"; }

for attempt in $(seq 1 18); do
  if psql "$(conninfo postgres)" -Atqc 'select 1' >/dev/null 2>&1; then break; fi
  [ "$attempt" -lt 18 ] || die "cannot connect to $POSTGRES_HOST as $admin; is this identity the server's Entra administrator (or in its group)?"
  log "waiting for $POSTGRES_HOST to accept connections ($attempt/18) ..."
  sleep 10
done

log "ensuring database principal $app_role and the NOLOGIN roles"
psql "$(conninfo postgres)" -v ON_ERROR_STOP=1 -q -v app_role="$app_role" -v app_oid="$API_IDENTITY_PRINCIPAL_ID" <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') AS create_principal \gset
\if :create_principal
SELECT * FROM pgaadauth_create_principal_with_oid(:'app_role', :'app_oid', 'service', false, false);
\endif
SELECT format('CREATE ROLE %I NOLOGIN', r)
  FROM unnest(ARRAY['api_service', 'backtest_service', 'ranking_writer']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
SQL

# --- migrations -----------------------------------------------------------------------------------
urlencode() {
  local LC_ALL=C # byte by byte, so UTF-8 names encode as their bytes
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in [A-Za-z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
log "migrating $POSTGRES_DATABASE as $admin"
# bin/migrate takes its own token from azure-identity (the az CLI credential); the app's client id
# must not steer that credential towards the managed identity.
env -u AZURE_CLIENT_ID -u PGPASSWORD \
  POSTGRES_AUTH=entra \
  POSTGRES_DSN="postgresql://$(urlencode "$admin")@$POSTGRES_HOST:5432/$POSTGRES_DATABASE?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory" \
  "$ROOT/bin/migrate"

# --- grants to the app --------------------------------------------------------------------------
log "granting api_service, backtest_service and ranking_writer to $app_role"
psql "$(conninfo "$POSTGRES_DATABASE")" -v ON_ERROR_STOP=1 -q -v app_role="$app_role" <<'SQL'
GRANT api_service, backtest_service, ranking_writer TO :"app_role";
-- /readyz reads Flyway's history to report pending migrations.
GRANT SELECT ON public.flyway_schema_history TO :"app_role";
SQL
log "done"
