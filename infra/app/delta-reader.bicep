// Read access to the existing Delta Lake file system for the app's identity. Deployed into the
// lake account's resource group (possibly another subscription); the deployer needs the right to
// assign roles there.
param storageAccountName string
param containerName string
param principalId string

// Storage Blob Data Reader: list and read the Delta log and parquet files (hadoop-azure over abfss).
var storageBlobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: containerName
}

// Scoped to the tables' file system, not the whole account.
resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, principalId, storageBlobDataReader)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'backtest functions: read the Delta tables'
  }
}
