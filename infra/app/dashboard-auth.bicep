// Entra ID sign-in for the dashboard, through App Service authentication (Easy Auth) on the
// function app. Only /dashboard asks for a sign-in: the API keeps its function keys, so every
// other path is excluded and clients that call it with x-functions-key are not redirected.
// The page itself still needs the function key (?code=), which the Functions host checks after
// the sign-in, so a signed-in user without the key sees nothing, and the key alone is not enough.
//
// main.bicep uses it when dashboardClientId is set.
// The app registration (clientId) needs the redirect URI https://<app>.azurewebsites.net/.auth/login/aad/callback.
// Not validated here: there is no Bicep compiler on the build machine.

@description('Name of the existing function app.')
param functionAppName string

@description('Application (client) id of the Entra ID app registration users sign in to.')
param clientId string

@description('Entra ID tenant of the app registration.')
param tenantId string = tenant().tenantId

@description('Users or groups allowed in; empty allows every account of the tenant.')
param allowedPrincipalIds array = []

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // Everything but the dashboard: the API (function keys), the probes (anonymous) and the comparison page it embeds.
      excludedPaths: [
        '/backtests'
        '/backtests/*'
        '/sweeps'
        '/sweeps/*'
        '/compare'
        '/signals/*'
        '/healthz'
        '/readyz'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${clientId}'
            clientId
          ]
          defaultAuthorizationPolicy: {
            allowedPrincipals: empty(allowedPrincipalIds) ? {} : {
              identities: allowedPrincipalIds
            }
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
