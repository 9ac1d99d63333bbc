// Log search alerts on Application Insights for the four conditions an operator must hear about,
// and a standard test that keeps /readyz under watch. The queries are copied into
// docs/operations.md ("Alerts"); change both together.
//
// Telemetry they read (the app's instrument names are the customMetrics names):
//   customMetrics  backtest.runs            counter, customDimensions.outcome = completed | failed | cancelled
//   customMetrics  signals.replication.lag  gauge in seconds, customDimensions.table
//   traces         JSON log lines, "event":"run_poisoned" from the poison function
//   requests       the readyz function, resultCode 503 when a backing store fails
param nameSuffix string
param location string
param tags object
param applicationInsightsId string

@description('Receiver of the action group; empty: no action group, the rules still fire in the portal.')
param alertEmailAddress string

param replicationLagAlertSeconds int
param readinessFailuresAlertCount int

@description('URL the standard test calls; empty: no test.')
param readinessProbeUrl string

var notify = !empty(alertEmailAddress)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (notify) {
  name: 'ag-backtest-${nameSuffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'backtest'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var failedRunsQuery = '''
customMetrics
| where name == "backtest.runs"
| where tostring(customDimensions["outcome"]) == "failed"
| project timestamp, failedRuns = valueSum
'''

var poisonedRunsQuery = '''
traces
| where message contains "run_poisoned" or tostring(customDimensions["event"]) == "run_poisoned"
| extend line = parse_json(message)
| extend event = coalesce(tostring(line["event"]), tostring(customDimensions["event"]))
| where event == "run_poisoned"
| extend runId = coalesce(tostring(line["run_id"]), tostring(customDimensions["run_id"]))
| project timestamp, runId, message
'''

var replicationLagQuery = '''
customMetrics
| where name == "signals.replication.lag"
| extend table = tostring(customDimensions["table"])
| project timestamp, table, lagSeconds = value
'''

var readinessFailuresQuery = '''
requests
| where name == "readyz" or operation_Name == "readyz"
| where resultCode == "503"
| project timestamp, resultCode, cloud_RoleInstance
'''

var rules = [
  {
    key: 'failed-runs'
    displayName: 'Backtest runs failed'
    description: 'At least one run ended failed (backtest.runs, outcome=failed). The run\'s error and error_code say why: GET /backtests/{id}.'
    severity: 2
    query: failedRunsQuery
    timeAggregation: 'Total'
    metricMeasureColumn: 'failedRuns'
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT5M'
    dimensions: []
  }
  {
    key: 'poisoned-runs'
    displayName: 'Backtest run messages poisoned'
    description: 'A run message exhausted its deliveries and reached backtest-runs-poison. See docs/operations.md, "Poison queue".'
    severity: 1
    query: poisonedRunsQuery
    timeAggregation: 'Count'
    metricMeasureColumn: null
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT5M'
    dimensions: []
  }
  {
    key: 'replication-lag'
    displayName: 'Signal replication lagging'
    description: 'A Delta table\'s PostgreSQL copy is more than ${replicationLagAlertSeconds} s behind (signals.replication.lag). GET /signals/status shows last_error.'
    severity: 2
    query: replicationLagQuery
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'lagSeconds'
    operator: 'GreaterThan'
    threshold: replicationLagAlertSeconds
    windowSize: 'PT15M'
    dimensions: [
      {
        name: 'table'
        operator: 'Include'
        values: [
          '*'
        ]
      }
    ]
  }
  {
    key: 'readiness-failures'
    displayName: 'Readiness probe failing'
    description: '/readyz answered 503 at least ${readinessFailuresAlertCount} times in 5 minutes: PostgreSQL, the queue or the artifacts container is unreachable. The problem\'s errors[].field names which.'
    severity: 1
    query: readinessFailuresQuery
    timeAggregation: 'Count'
    metricMeasureColumn: null
    operator: 'GreaterThanOrEqual'
    threshold: readinessFailuresAlertCount
    windowSize: 'PT5M'
    dimensions: []
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = [
  for rule in rules: {
    name: 'alert-${rule.key}-${nameSuffix}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.timeAggregation
            metricMeasureColumn: rule.metricMeasureColumn
            operator: rule.operator
            threshold: rule.threshold
            dimensions: rule.dimensions
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: notify ? [
          actionGroup.id
        ] : []
      }
    }
  }
]

// Calls the anonymous /readyz every 5 minutes from three regions; its requests are what the
// readiness rule counts. The hidden-link tag ties the test to the component.
resource readinessTest 'Microsoft.Insights/webtests@2022-06-15' = if (!empty(readinessProbeUrl)) {
  name: 'webtest-readyz-${nameSuffix}'
  location: location
  tags: union(tags, {
    'hidden-link:${applicationInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-readyz-${nameSuffix}'
    Name: 'readyz'
    Description: 'Readiness of the backtest functions (PostgreSQL, queue, artifacts).'
    Enabled: true
    Kind: 'standard'
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'us-va-ash-azr'
      }
      {
        Id: 'apac-sg-sin-azr'
      }
    ]
    Request: {
      RequestUrl: readinessProbeUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}
