// Backtest functions: Azure resources for one environment (resource-group scope).
// Not compiled or deployed from the machine it was written on (no Bicep compiler offline);
// run `az bicep build --file infra/main.bicep` before the first deployment. See infra/README.md.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Short name prefix: lowercase letters and digits, starting with a letter (used in globally unique names).')
@minLength(2)
@maxLength(10)
param namePrefix string = 'backtest'

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string = 'dev'

@description('PostgreSQL administrator login (not azure_superuser, admin, administrator, root, guest, public or pg_*).')
param postgresAdminLogin string

@description('PostgreSQL administrator password.')
@secure()
@minLength(12)
param postgresAdminPassword string

@description('DSN the app uses (a least-privilege login role, see infra/README.md), stored as Key Vault secret postgres-dsn. Empty: a bootstrap DSN with the administrator login is stored instead. Pass it on every redeploy once set, or the secret reverts to the bootstrap DSN.')
@secure()
param postgresAppDsn string = ''

@description('PostgreSQL Flexible Server SKU name.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL Flexible Server SKU tier matching postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('Existing ADLS Gen2 (hierarchical namespace) storage account holding the Delta tables.')
param deltaStorageAccountName string

@description('Resource group of the Delta storage account (same subscription).')
param deltaStorageAccountResourceGroup string = resourceGroup().name

@description('File system (container) of the Delta storage account that holds the tables.')
param deltaContainerName string = 'delta'

@description('Path inside the container under which ranking_signal, composite_signal_daily and daily_prices live.')
param deltaPath string = 'signals'

@description('NCRONTAB schedule of the reconcile timer (expired leases, lost messages).')
param reconcileSchedule string = '0 */1 * * * *'

@description('NCRONTAB schedule of the Delta replication timer; separate, so a long full load never delays reconciliation.')
param replicationSchedule string = '0 */5 * * * *'

@description('Global cap on running backtests, enforced in PostgreSQL (1-1000).')
@minValue(1)
@maxValue(1000)
param maxConcurrentRuns int = 1

@description('Apply Flyway migrations at start-up. Set false when the pipeline migrates (required once the app uses a least-privilege role).')
param migrateOnStartup bool = true

@description('true: a Delta table that fails to replicate fails the timer run.')
param signalsWriteRequired bool = true

@description('Compare Delta and PostgreSQL row counts for each replicated partition before commit.')
param signalsVerifyCounts bool = false

@description('Maximum instances of the Elastic Premium plan. Each instance holds up to POSTGRES_POOL_SIZE (8) connections.')
@minValue(1)
@maxValue(20)
param maximumElasticWorkerCount int = 3

@description('Tags applied to every resource.')
param tags object = {
  application: 'backtest-functions'
  environment: environmentName
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var cleanPrefix = toLower(replace(namePrefix, '-', ''))
var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)

var hostStorageName = take('st${cleanPrefix}${environmentName}${suffix}', 24)
var keyVaultName = take('kv-${cleanPrefix}-${environmentName}-${suffix}', 24)
var postgresServerName = 'psql-${cleanPrefix}-${environmentName}-${suffix}'
var logAnalyticsName = 'log-${cleanPrefix}-${environmentName}'
var appInsightsName = 'appi-${cleanPrefix}-${environmentName}'
var planName = 'plan-${cleanPrefix}-${environmentName}'
var functionAppName = 'func-${cleanPrefix}-${environmentName}-${suffix}'

var queueName = 'backtest-runs'
var poisonQueueName = '${queueName}-poison'
var artifactsContainerName = 'backtest-artifacts'
var databaseName = 'backtest'

// Built-in role "Key Vault Secrets User".
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---------------------------------------------------------------------------------------------
// Storage for the Functions host, the run queues and the artifacts (AzureWebJobsStorage)
// ---------------------------------------------------------------------------------------------

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: hostStorageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app and the Functions host authenticate with the connection string (shared key).
    allowSharedKeyAccess: true
    accessTier: 'Hot'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource runQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: queueName
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: poisonQueueName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource artifactsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: artifactsContainerName
  properties: {
    publicAccess: 'None'
  }
}

var hostStorageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${hostStorage.name};AccountKey=${hostStorage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL Flexible Server 16
// ---------------------------------------------------------------------------------------------

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Administrator DSN, stored only when postgresAppDsn is empty (first deployment, before the roles exist).
// The app's DSN parser percent-decodes user and password.
var bootstrapPostgresDsn = 'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'

// Child operations on a flexible server conflict when they run in parallel; they are chained.
resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource postgresRequireSsl 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [
    postgresDatabase
  ]
}

// 0.0.0.0-0.0.0.0 admits connections from Azure services (any tenant). For production prefer VNet
// integration of the function app and private access to the server (see infra/README.md).
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    postgresRequireSsl
  ]
}

// ---------------------------------------------------------------------------------------------
// Key Vault (RBAC) with the app's secrets
// ---------------------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource postgresDsnSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'postgres-dsn'
  properties: {
    contentType: 'text/plain'
    value: empty(postgresAppDsn) ? bootstrapPostgresDsn : postgresAppDsn
  }
  dependsOn: [
    postgresDatabase
  ]
}

resource deltaStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: deltaStorageAccountName
  scope: resourceGroup(deltaStorageAccountResourceGroup)
}

resource deltaKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'delta-storage-account-key'
  properties: {
    contentType: 'text/plain'
    value: deltaStorage.listKeys().keys[0].value
  }
}

// ---------------------------------------------------------------------------------------------
// Function app: Linux, Java 17, Elastic Premium EP1
// ---------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    reserved: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'Java|17'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'java'
        }
        // The host refuses a larger body while reading it; the API's own limit (64 KiB) is below it.
        {
          name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'
          value: '1048576'
        }
        {
          name: 'AzureWebJobsStorage'
          value: hostStorageConnectionString
        }
        // Content share of the Premium plan (same account; the platform creates the share).
        {
          name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
          value: hostStorageConnectionString
        }
        {
          name: 'WEBSITE_CONTENTSHARE'
          value: toLower(functionAppName)
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'POSTGRES_DSN'
          value: '@Microsoft.KeyVault(SecretUri=${postgresDsnSecret.properties.secretUri})'
        }
        {
          name: 'DELTA_ROOT'
          value: 'abfss://${deltaContainerName}@${deltaStorageAccountName}.dfs.${environment().suffixes.storage}/${deltaPath}'
        }
        {
          name: 'DELTA_STORAGE_ACCOUNT_KEY'
          value: '@Microsoft.KeyVault(SecretUri=${deltaKeySecret.properties.secretUri})'
        }
        {
          name: 'BACKTEST_QUEUE_NAME'
          value: queueName
        }
        {
          name: 'BACKTEST_ARTIFACTS_CONTAINER'
          value: artifactsContainerName
        }
        // The queues and the container are created above.
        {
          name: 'BACKTEST_CREATE_STORAGE_RESOURCES'
          value: 'false'
        }
        {
          name: 'BACKTEST_MAX_CONCURRENT_RUNS'
          value: string(maxConcurrentRuns)
        }
        {
          name: 'BACKTEST_RECONCILE_SCHEDULE'
          value: reconcileSchedule
        }
        {
          name: 'SIGNALS_REPLICATION_SCHEDULE'
          value: replicationSchedule
        }
        {
          name: 'BACKTEST_MIGRATE_ON_STARTUP'
          value: migrateOnStartup ? 'true' : 'false'
        }
        {
          name: 'POSTGRES_SIGNALS_WRITE_REQUIRED'
          value: signalsWriteRequired ? 'true' : 'false'
        }
        {
          name: 'POSTGRES_SIGNALS_VERIFY_COUNTS'
          value: signalsVerifyCounts ? 'true' : 'false'
        }
      ]
    }
  }
  dependsOn: [
    runQueue
    poisonQueue
    artifactsContainer
    postgresAllowAzure
  ]
}

resource functionAppSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, functionApp.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (no secrets)
// ---------------------------------------------------------------------------------------------

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output keyVaultName string = keyVault.name
output postgresServerFqdn string = postgres.properties.fullyQualifiedDomainName
output hostStorageAccountName string = hostStorage.name
