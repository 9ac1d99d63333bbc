// What the app's identity may do, each role scoped to the one resource it concerns.
param storageAccountName string
param applicationInsightsName string
param principalId string

// Storage Account Contributor is not granted: it is a management-plane role (keys, account
// settings) that neither the host nor the app needs. The template creates the queues and the
// containers, and the data roles below cover every data operation.
var storageRoles = [
  {
    // Storage Blob Data Owner: the host's keys, locks and timer state (azure-webjobs-*), reading the
    // deployment package, writing and reading run artifacts, and
    // Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action, which signs
    // the artifact links (user-delegation SAS).
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
    description: 'backtest functions: host blobs, deployment package, artifacts, user delegation keys'
  }
  {
    // Storage Queue Data Contributor: the queue trigger, enqueueing runs, moving poison messages.
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
    description: 'backtest functions: run queue and poison queue'
  }
  {
    // Storage Table Data Contributor: the host writes diagnostic events to a table.
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
    description: 'backtest functions: host diagnostic events'
  }
]

// Monitoring Metrics Publisher: Entra-authenticated ingestion into Application Insights (all
// telemetry types, despite the name).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, principalId, role.id)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: role.description
    }
  }
]

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'backtest functions: telemetry ingestion'
  }
}
