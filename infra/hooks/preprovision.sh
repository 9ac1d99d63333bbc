#!/usr/bin/env bash
# azd preprovision hook: chooses the PostgreSQL Entra administrator when the environment does not
# name one (the signed-in az CLI identity), and makes sure the subscription can host Flex
# Consumption's VNet integration. Needs the Azure CLI, signed in to the target tenant.
set -euo pipefail

die() { echo "preprovision: error: $*" >&2; exit 1; }

command -v az >/dev/null || die "the Azure CLI (az) is not on the PATH"
az account show >/dev/null 2>&1 || die "the Azure CLI is not signed in; run 'az login'"

# Flex Consumption's VNet integration delegates a subnet to Microsoft.App/environments.
state=$(az provider show --namespace Microsoft.App --query registrationState -o tsv 2>/dev/null || echo unknown)
if [ "$state" != "Registered" ]; then
  echo "preprovision: registering the Microsoft.App resource provider (state: $state) ..."
  az provider register --namespace Microsoft.App --wait \
    || die "could not register Microsoft.App; ask a subscription owner to run 'az provider register --namespace Microsoft.App'"
fi

if [ -n "${POSTGRES_ADMIN_PRINCIPAL_ID:-}" ] && [ -n "${POSTGRES_ADMIN_PRINCIPAL_NAME:-}" ]; then
  echo "preprovision: PostgreSQL administrator: ${POSTGRES_ADMIN_PRINCIPAL_NAME} (${POSTGRES_ADMIN_PRINCIPAL_TYPE:-User})"
  exit 0
fi

# A pipeline should set POSTGRES_ADMIN_PRINCIPAL_* itself: a service principal usually may not read
# its own directory object.
kind=$(az account show --query user.type -o tsv)
if [ "$kind" = "user" ]; then
  id=$(az ad signed-in-user show --query id -o tsv)
  name=$(az ad signed-in-user show --query userPrincipalName -o tsv)
  type=User
else
  app_id=$(az account show --query user.name -o tsv)
  id=$(az ad sp show --id "$app_id" --query id -o tsv) \
    || die "cannot read service principal $app_id; set POSTGRES_ADMIN_PRINCIPAL_ID, _NAME and _TYPE"
  name=$(az ad sp show --id "$app_id" --query displayName -o tsv)
  type=ServicePrincipal
fi
if [ -z "$id" ] || [ -z "$name" ]; then
  die "could not determine the signed-in identity; set POSTGRES_ADMIN_PRINCIPAL_ID, _NAME and _TYPE"
fi

azd env set POSTGRES_ADMIN_PRINCIPAL_ID "$id"
azd env set POSTGRES_ADMIN_PRINCIPAL_NAME "$name"
azd env set POSTGRES_ADMIN_PRINCIPAL_TYPE "$type"
echo "preprovision: PostgreSQL administrator: $name ($type), the signed-in identity"
