// Command argo-rollouts writes the JSON Schemas of the two Argo Rollouts kinds the service charts render
// (Rollout and AnalysisTemplate), derived by reflection from the API types of the pinned Argo Rollouts
// release, the Go source its CRDs are generated from: github.com/argoproj/argo-rollouts v1.9.1, the
// appVersion of the argo-rollouts chart pulumi/lib/charts.ts pins. Only these two kinds and what they
// reach are written; the Kubernetes types inside them (the pod template, the analysis Job's spec, label
// selectors) are not: they point into kubernetes-1.33.json, the version the stacks run.
//
// A module of its own because Argo Rollouts v1.9.1 requires k8s.io/api v0.34, which would move the
// Kubernetes schemas of ../ off 1.33.
//
//	cd tools/helm-checks/schemagen/argo-rollouts && go run . > ../../schemas/argo-rollouts-v1.9.1.json
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"

	"ecommerce/tools/helm-checks/schemagen/jsonschema"

	rolloutsv1alpha1 "github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
)

// Version is the Argo Rollouts release the schemas come from; the file name and the checks carry it.
const Version = "v1.9.1"

var roots = map[string]any{
	"argoproj.io/v1alpha1/Rollout":          rolloutsv1alpha1.Rollout{},
	"argoproj.io/v1alpha1/AnalysisTemplate": rolloutsv1alpha1.AnalysisTemplate{},
}

func main() {
	generator := jsonschema.New()
	generator.External = func(pkgPath string) bool { return strings.HasPrefix(pkgPath, "k8s.io/") }
	generator.PlainJSON[jsonschema.DefinitionName(reflect.TypeOf(rolloutsv1alpha1.RolloutSpec{}))] = true
	kinds := jsonschema.Schema{}
	for key, value := range roots {
		kinds[key] = generator.Ref(reflect.TypeOf(value))
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	bundle := jsonschema.Schema{"source": "github.com/argoproj/argo-rollouts " + Version, "kinds": kinds,
		"definitions": generator.Definitions}
	if err := encoder.Encode(bundle); err != nil {
		panic(err)
	}
}
