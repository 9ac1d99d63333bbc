// PostgreSQL Flexible Server 16 with Microsoft Entra authentication only (no password exists), TLS
// required, and a private endpoint in the app's VNet. The public endpoint is off unless asked for,
// and then admits only the listed addresses: there is no "allow Azure services" rule.
param name string
param location string
param tags object

param skuName string
param skuTier string
param storageSizeGB int
param highAvailabilityMode string
param backupRetentionDays int
param geoRedundantBackup bool

@description('Keep the public endpoint enabled (for allowedIpRanges) instead of private endpoint only.')
param publicNetworkAccess bool

@description('IPv4 addresses or CIDR ranges for the public endpoint\'s firewall; used only when publicNetworkAccess is true.')
param allowedIpRanges array

@description('Entra administrator: object id, name and kind (User, Group or ServicePrincipal).')
param administratorObjectId string
param administratorName string
param administratorType string

param databaseName string
param virtualNetworkId string
param privateEndpointSubnetId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    // No administratorLogin: with password authentication disabled there is no password to hold.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    // "Public access" networking mode, reached privately through the endpoint below. Unlike a
    // VNet-injected server, its public endpoint can be switched on for a deploy window.
    network: {
      publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    }
  }
}

// The server takes one change at a time: every child waits for the one before.
resource administrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: administratorObjectId
  properties: {
    principalName: administratorName
    principalType: administratorType
    tenantId: tenant().tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    administrator
  ]
}

// On by default; pinned so that nobody turns it off by hand without the template noticing.
resource requireSecureTransport 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [
    database
  ]
}

@batchSize(1)
resource firewallRules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for (allowed, i) in (publicNetworkAccess ? allowedIpRanges : []): {
    parent: server
    name: 'allowed-${i}'
    properties: {
      startIpAddress: contains(allowed, '/') ? parseCidr(allowed).network : allowed
      endIpAddress: contains(allowed, '/') ? parseCidr(allowed).broadcast : allowed
    }
    dependsOn: [
      requireSecureTransport
    ]
  }
]

resource privateDnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource privateDnsZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: privateDnsZone
  name: 'vnet-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetworkId
    }
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe-${name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'postgres'
        properties: {
          privateLinkServiceId: server.id
          groupIds: [
            'postgresqlServer'
          ]
        }
      }
    ]
  }
  dependsOn: [
    requireSecureTransport
    firewallRules
  ]
}

// <server>.postgres.database.azure.com is a CNAME to <server>.privatelink.postgres.database.azure.com;
// inside the VNet this zone answers it with the endpoint's private address.
resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'postgres'
        properties: {
          privateDnsZoneId: privateDnsZone.id
        }
      }
    ]
  }
}

output name string = server.name
output id string = server.id
output fqdn string = server.properties.fullyQualifiedDomainName
