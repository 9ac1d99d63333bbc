// Backtest functions: one environment in one resource group, deployed by `azd up` (azure.yaml) or
// `az deployment group create`. Passwordless: one user-assigned identity reaches storage, the Delta
// lake, PostgreSQL (Entra token) and Application Insights; no key, password or connection secret is
// created, read or stored. See infra/README.md for what was and was not validated.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('azd environment name (AZURE_ENV_NAME); seeds every generated resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. Flex Consumption is not offered in every region: `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

@description('Object id of the Entra administrator of the server: the identity that runs the migrations (a group of the deployers and the pipeline\'s service principal is best, see infra/README.md).')
param postgresAdminPrincipalId string

@description('Name of that administrator as PostgreSQL sees it: a user\'s UPN, a group\'s or a service principal\'s display name. It is also the login user of the migration DSN.')
param postgresAdminPrincipalName string

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('Kind of the administrator principal.')
param postgresAdminPrincipalType string = 'User'

@description('Server name; empty generates one. Set it to a restored server\'s name to repoint the app after a point-in-time restore (docs/operations.md).')
param postgresServerName string = ''

@description('Compute SKU. Keep maximumInstanceCount x (postgresPoolSize + 1) below the SKU\'s max_connections (Standard_B2s: 429).')
param postgresSkuName string = 'Standard_B2s'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
@description('Tier of postgresSkuName. High availability needs GeneralPurpose or MemoryOptimized.')
param postgresSkuTier string = 'Burstable'

@minValue(32)
@description('Storage size in GiB.')
param postgresStorageSizeGB int = 32

@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
@description('High availability (a standby server). Not available on Burstable.')
param postgresHighAvailabilityMode string = 'Disabled'

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore.')
param postgresBackupRetentionDays int = 7

@description('Geo-redundant backup. Can only be chosen when the server is created.')
param postgresGeoRedundantBackup bool = false

@description('false (default): the server has no public endpoint; the app reaches it through a private endpoint and the deploy hook opens a temporary, single-IP window. true: the public endpoint stays open to postgresAllowedIpRanges as well.')
param postgresPublicNetworkAccess bool = false

@description('Comma-separated IPv4 addresses or CIDR ranges admitted to the public endpoint when postgresPublicNetworkAccess is true, e.g. "203.0.113.7,198.51.100.0/28". Never 0.0.0.0.')
param postgresAllowedIpRanges string = ''

@minValue(1)
@maxValue(100)
@description('POSTGRES_POOL_SIZE: connections each instance may open.')
param postgresPoolSize int = 8

// ---------------------------------------------------------------------------------------------
// Function app (Flex Consumption)
// ---------------------------------------------------------------------------------------------

@minValue(40)
@maxValue(1000)
@description('Flex Consumption maximumInstanceCount (the platform\'s documented range is 40-1000). Runs are capped by BACKTEST_MAX_CONCURRENT_RUNS in PostgreSQL, not by this.')
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
@description('Flex Consumption instanceMemoryMB. BACKTEST_MAX_RUN_CELLS\' default assumes about 1.5 GB of heap, so 512 is not offered.')
param instanceMemoryMB int = 2048

@minValue(0)
@maxValue(20)
@description('Always-ready instances of the HTTP function group (billed while idle); 0 scales HTTP to zero and accepts a cold start (docs/performance.md).')
param httpAlwaysReadyInstances int = 0

@minValue(1)
@maxValue(1000)
@description('BACKTEST_MAX_CONCURRENT_RUNS: global cap on running backtests, enforced in PostgreSQL.')
param maxConcurrentRuns int = 1

@description('BACKTEST_RECONCILE_SCHEDULE (NCRONTAB): the reconcile timer.')
param reconcileSchedule string = '0 */1 * * * *'

@description('SIGNALS_REPLICATION_SCHEDULE (NCRONTAB): the Delta replication timer.')
param replicationSchedule string = '0 */5 * * * *'

@description('POSTGRES_SIGNALS_WRITE_REQUIRED: a Delta table that fails to replicate fails the timer run.')
param signalsWriteRequired bool = true

@description('POSTGRES_SIGNALS_VERIFY_COUNTS: compare Delta and PostgreSQL row counts per written partition.')
param signalsVerifyCounts bool = false

// ---------------------------------------------------------------------------------------------
// Delta Lake (existing ADLS Gen2 account, read through the app's identity)
// ---------------------------------------------------------------------------------------------

@description('Existing ADLS Gen2 account holding the Delta tables. Empty: DELTA_ROOT is not set and replication is off.')
param deltaStorageAccountName string = ''

@description('Resource group of the Delta account; empty: this resource group.')
param deltaStorageAccountResourceGroup string = ''

@description('Subscription of the Delta account; empty: this subscription.')
param deltaStorageAccountSubscriptionId string = ''

@description('File system (container) holding the tables; the identity gets Storage Blob Data Reader on it alone.')
param deltaContainerName string = 'delta'

@description('Path inside the container under which ranking_signal, composite_signal_daily and daily_prices live.')
param deltaPath string = 'signals'

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet delegated to Microsoft.App/environments for the function app\'s VNet integration.')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet of the PostgreSQL private endpoint.')
param privateEndpointSubnetPrefix string = '10.40.2.0/24'

// ---------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------

@description('Email address of the alerts\' action group; empty: the alert rules fire without notifying anyone.')
param alertEmailAddress string = ''

@minValue(60)
@description('Alert when a table\'s signals.replication.lag exceeds this many seconds.')
param replicationLagAlertSeconds int = 3600

@minValue(1)
@description('Alert when /readyz answers 503 at least this many times in 5 minutes.')
param readinessFailuresAlertCount int = 3

@description('An Application Insights standard test that calls /readyz every 5 minutes from 3 regions, so the readiness alert has traffic to judge.')
param readinessProbeEnabled bool = true

// ---------------------------------------------------------------------------------------------
// Dashboard sign-in
// ---------------------------------------------------------------------------------------------

@description('Application (client) id of an Entra ID app registration for the dashboard\'s sign-in (App Service authentication on /dashboard); empty: no sign-in, the function key alone protects it.')
param dashboardClientId string = ''

@description('Object ids of the users or groups allowed into the dashboard; empty: every account of the tenant.')
param dashboardAllowedPrincipalIds array = []

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'backtest-functions'
}

var functionAppName = 'func-api-${resourceToken}'
var identityName = 'id-api-${resourceToken}'
var effectivePostgresServerName = empty(postgresServerName) ? 'psql-${resourceToken}' : postgresServerName
var databaseName = 'backtest'

// Must match the app's defaults (BACKTEST_QUEUE_NAME, BACKTEST_ARTIFACTS_CONTAINER) and host.json.
var runQueueName = 'backtest-runs'
var poisonQueueName = '${runQueueName}-poison'
var artifactsContainerName = 'backtest-artifacts'
var deploymentContainerName = 'app-package'

var deltaEnabled = !empty(deltaStorageAccountName)
var allowedIpRanges = filter(split(replace(postgresAllowedIpRanges, ' ', ''), ','), entry => !empty(entry))

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containers: [
      artifactsContainerName
      deploymentContainerName
    ]
    queues: [
      runQueueName
      poisonQueueName
    ]
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'core/networking/vnet.bicep' = {
  name: 'network'
  params: {
    name: 'vnet-${resourceToken}'
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    privateEndpointSubnetPrefix: privateEndpointSubnetPrefix
  }
}

module postgres 'core/database/postgresql-flexible-server.bicep' = {
  name: 'postgres'
  params: {
    name: effectivePostgresServerName
    location: location
    tags: tags
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    highAvailabilityMode: postgresHighAvailabilityMode
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    publicNetworkAccess: postgresPublicNetworkAccess
    allowedIpRanges: allowedIpRanges
    administratorObjectId: postgresAdminPrincipalId
    administratorName: postgresAdminPrincipalName
    administratorType: postgresAdminPrincipalType
    databaseName: databaseName
    virtualNetworkId: network.outputs.id
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: identity.outputs.principalId
  }
}

module deltaReader 'app/delta-reader.bicep' = if (deltaEnabled) {
  name: 'delta-reader'
  scope: resourceGroup(
    empty(deltaStorageAccountSubscriptionId) ? subscription().subscriptionId : deltaStorageAccountSubscriptionId,
    empty(deltaStorageAccountResourceGroup) ? resourceGroup().name : deltaStorageAccountResourceGroup
  )
  params: {
    storageAccountName: deltaStorageAccountName
    containerName: deltaContainerName
    principalId: identity.outputs.principalId
  }
}

// Everything the app reads at start-up. No value here is a secret: the DSN has no password, the
// storage settings name endpoints and an identity, and the App Insights connection string is not a
// credential once local authentication is off (ingestion needs the identity's Entra token).
var appSettings = union(
  {
    // Host storage and the app's queues and artifacts, through the identity (no AzureWebJobsStorage).
    AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
    AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
    // The host keeps its diagnostic events in a table.
    AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.outputs.clientId
    AZURE_CLIENT_ID: identity.outputs.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.outputs.clientId}'
    // The host refuses a larger body while reading it; the API's own limit (64 KiB) is below it.
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576'
    // The login role is the identity's database principal (created by infra/hooks/postprovision.sh).
    // sslfactory: pgjdbc's verify-full otherwise wants ~/.postgresql/root.crt; the JVM trust store
    // holds the roots the server's certificate chains to.
    POSTGRES_DSN: 'postgresql://${identity.outputs.name}@${postgres.outputs.fqdn}:5432/${databaseName}?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory'
    POSTGRES_AUTH: 'entra'
    POSTGRES_POOL_SIZE: string(postgresPoolSize)
    BACKTEST_QUEUE_NAME: runQueueName
    BACKTEST_ARTIFACTS_CONTAINER: artifactsContainerName
    // The template owns the queues and the containers.
    BACKTEST_CREATE_STORAGE_RESOURCES: 'false'
    // Migrations run in the deploy hook with the administrator; the app's role cannot run DDL.
    BACKTEST_MIGRATE_ON_STARTUP: 'false'
    BACKTEST_MAX_CONCURRENT_RUNS: string(maxConcurrentRuns)
    BACKTEST_RECONCILE_SCHEDULE: reconcileSchedule
    SIGNALS_REPLICATION_SCHEDULE: replicationSchedule
    POSTGRES_SIGNALS_WRITE_REQUIRED: signalsWriteRequired ? 'true' : 'false'
    POSTGRES_SIGNALS_VERIFY_COUNTS: signalsVerifyCounts ? 'true' : 'false'
  },
  deltaEnabled
    ? {
        DELTA_ROOT: 'abfss://${deltaContainerName}@${deltaStorageAccountName}.dfs.${environment().suffixes.storage}/${deltaPath}'
      }
    : {}
)

module api 'app/api.bicep' = {
  name: 'api'
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    appSubnetId: network.outputs.appSubnetId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpAlwaysReadyInstances: httpAlwaysReadyInstances
    appSettings: appSettings
  }
  // Start the host only once its identity may read its storage.
  dependsOn: [
    rbac
  ]
}

module dashboardAuth 'app/dashboard-auth.bicep' = if (!empty(dashboardClientId)) {
  name: 'dashboard-auth'
  params: {
    functionAppName: api.outputs.name
    clientId: dashboardClientId
    allowedPrincipalIds: dashboardAllowedPrincipalIds
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  params: {
    nameSuffix: resourceToken
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmailAddress: alertEmailAddress
    replicationLagAlertSeconds: replicationLagAlertSeconds
    readinessFailuresAlertCount: readinessFailuresAlertCount
    readinessProbeUrl: readinessProbeEnabled ? 'https://${api.outputs.defaultHostName}/readyz' : ''
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs: azd stores them in the environment (.azure/<env>/.env) for the hooks and bin/smoke.
// None is a secret.
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostName}'
output API_IDENTITY_NAME string = identity.outputs.name
output API_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output API_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output POSTGRES_SERVER_NAME string = postgres.outputs.name
output POSTGRES_HOST string = postgres.outputs.fqdn
output POSTGRES_DATABASE string = databaseName
output POSTGRES_PUBLIC_NETWORK_ACCESS string = postgresPublicNetworkAccess ? 'Enabled' : 'Disabled'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
