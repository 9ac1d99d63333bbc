// The app's one identity: storage, the Delta lake, PostgreSQL and Application Insights all trust it.
@description('Name of the identity; also the PostgreSQL login role of the app.')
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
