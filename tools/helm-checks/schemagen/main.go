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
	"strings"

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

type schema = map[string]any

var definitions = map[string]schema{}
var marshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// Types with their own JSON form: quantities and int-or-string accept both, times are strings.
func special(t reflect.Type) (schema, bool) {
	switch t.PkgPath() + "." + t.Name() {
	case "k8s.io/apimachinery/pkg/api/resource.Quantity", "k8s.io/apimachinery/pkg/util/intstr.IntOrString":
		return schema{"type": []string{"string", "integer"}}, true
	case "k8s.io/apimachinery/pkg/apis/meta/v1.Time", "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime",
		"k8s.io/apimachinery/pkg/apis/meta/v1.Duration":
		return schema{"type": "string"}, true
	}
	// Anything else that marshals itself (raw extensions, free-form operator config) is free-form.
	if t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) {
		return schema{}, true
	}
	return nil, false
}

func ref(t reflect.Type) schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := special(t); ok {
		return s
	}
	switch t.Kind() {
	case reflect.String:
		return schema{"type": "string"}
	case reflect.Bool:
		return schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return schema{"type": "number"}
	case reflect.Interface:
		return schema{}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return schema{"type": "string"}
		}
		return schema{"type": "array", "items": ref(t.Elem())}
	case reflect.Map:
		return schema{"type": "object", "additionalProperties": ref(t.Elem())}
	case reflect.Struct:
		name := strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + t.Name()
		if _, seen := definitions[name]; !seen {
			definitions[name] = schema{} // placeholder against recursion
			definitions[name] = object(t)
		}
		return schema{"$ref": "#/definitions/" + name}
	}
	panic("unsupported kind " + t.String())
}

// A struct's JSON object: named fields, inlined embedded structs, required when not omitempty.
func object(t reflect.Type) schema {
	properties := schema{}
	required := []string{}
	var collect func(t reflect.Type)
	collect = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			field := t.Field(i)
			tag := field.Tag.Get("json")
			if tag == "-" || (!field.IsExported() && !field.Anonymous) {
				continue
			}
			name, options, _ := strings.Cut(tag, ",")
			if field.Anonymous && name == "" {
				inner := field.Type
				for inner.Kind() == reflect.Pointer {
					inner = inner.Elem()
				}
				if inner.Kind() == reflect.Struct {
					collect(inner)
					continue
				}
			}
			if name == "" {
				name = field.Name
			}
			properties[name] = ref(field.Type)
			if !strings.Contains(options, "omitempty") && !strings.Contains(options, "omitzero") &&
				field.Type.Kind() != reflect.Pointer && field.Type.Kind() != reflect.Struct &&
				field.Type.Kind() != reflect.Map && field.Type.Kind() != reflect.Slice {
				required = append(required, name)
			}
		}
	}
	collect(t)
	s := schema{"type": "object", "properties": properties, "additionalProperties": false}
	// Kubernetes' API conventions make every optional field omitempty; the CRDs' Go types mark optional
	// fields with comments that reflection cannot see, so only the built-in kinds get required fields.
	if len(required) > 0 && strings.HasPrefix(t.PkgPath(), "k8s.io/") {
		s["required"] = required
	}
	return s
}

func main() {
	kinds := schema{}
	for key, value := range roots {
		kinds[key] = ref(reflect.TypeOf(value))
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(schema{"kinds": kinds, "definitions": definitions}); err != nil {
		panic(err)
	}
}
