// Command schemagen writes the JSON Schemas the chart checks validate rendered objects against: every kind
// the charts render, derived by reflection from the Go API types of the exact versions the stacks run
// (k8s.io/api v0.33 = Kubernetes 1.33, and the CRDs' own Go modules). Properties are closed
// (additionalProperties: false), as kubectl's strict field validation refuses unknown fields.
//
//	cd tools/helm-checks/schemagen && go run . > ../schemas/kubernetes-1.33.json
package main

import (
	"encoding/json"
	"os"
	"reflect"

	"ecommerce/tools/helm-checks/schemagen/jsonschema"

	mongodbv1 "github.com/mongodb/mongodb-kubernetes-operator/api/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

// The kinds the charts render, keyed as "<apiVersion>/<kind>".
var roots = map[string]any{
	"v1/ConfigMap":                                     corev1.ConfigMap{},
	"v1/Pod":                                           corev1.Pod{},
	"v1/Service":                                       corev1.Service{},
	"v1/ServiceAccount":                                corev1.ServiceAccount{},
	"v1/Secret":                                        corev1.Secret{},
	"apps/v1/Deployment":                               appsv1.Deployment{},
	"apps/v1/StatefulSet":                              appsv1.StatefulSet{},
	"autoscaling/v2/HorizontalPodAutoscaler":           autoscalingv2.HorizontalPodAutoscaler{},
	"batch/v1/CronJob":                                 batchv1.CronJob{},
	"batch/v1/Job":                                     batchv1.Job{},
	"networking.k8s.io/v1/Ingress":                     networkingv1.Ingress{},
	"networking.k8s.io/v1/NetworkPolicy":               networkingv1.NetworkPolicy{},
	"policy/v1/PodDisruptionBudget":                    policyv1.PodDisruptionBudget{},
	"rbac.authorization.k8s.io/v1/Role":                rbacv1.Role{},
	"rbac.authorization.k8s.io/v1/RoleBinding":         rbacv1.RoleBinding{},
	"monitoring.coreos.com/v1/ServiceMonitor":          monitoringv1.ServiceMonitor{},
	"mongodbcommunity.mongodb.com/v1/MongoDBCommunity": mongodbv1.MongoDBCommunity{},
}

func main() {
	generator := jsonschema.New()
	kinds := jsonschema.Schema{}
	for key, value := range roots {
		kinds[key] = generator.Ref(reflect.TypeOf(value))
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(jsonschema.Schema{"kinds": kinds, "definitions": generator.Definitions}); err != nil {
		panic(err)
	}
}
