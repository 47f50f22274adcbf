// Package jsonschema derives closed JSON Schemas (draft-07) from Go API types by reflection. The schemagen
// commands use it for the Kubernetes kinds and the CRDs the charts render.
package jsonschema

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Schema is one JSON Schema object.
type Schema = map[string]any

// Generator collects the definitions of every struct it meets.
type Generator struct {
	// Definitions by name: the Go package path with dots, then the type name.
	Definitions map[string]Schema
	// External says which packages are defined elsewhere: their types become a $ref to the name they have
	// there, and no definition here (Argo Rollouts' types point into the Kubernetes bundle of the stacks'
	// version instead of the Kubernetes version its Go module was built against).
	External func(pkgPath string) bool
	// PlainJSON names the structs whose MarshalJSON keeps their fields' shape (Argo Rollouts' RolloutSpec only
	// drops the template of a workloadRef rollout): they are described field by field, not left free-form.
	PlainJSON map[string]bool
}

// New returns a generator that defines every type it meets.
func New() *Generator {
	return &Generator{
		Definitions: map[string]Schema{},
		External:    func(string) bool { return false },
		PlainJSON:   map[string]bool{},
	}
}

var marshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// Types with their own JSON form: quantities and int-or-string accept both, times are strings.
func special(t reflect.Type) (Schema, bool) {
	switch t.PkgPath() + "." + t.Name() {
	case "k8s.io/apimachinery/pkg/api/resource.Quantity", "k8s.io/apimachinery/pkg/util/intstr.IntOrString":
		return Schema{"type": []string{"string", "integer"}}, true
	case "k8s.io/apimachinery/pkg/apis/meta/v1.Time", "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime",
		"k8s.io/apimachinery/pkg/apis/meta/v1.Duration":
		return Schema{"type": "string"}, true
	}
	// Anything else that marshals itself (raw extensions, free-form operator config) is free-form.
	if t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) {
		return Schema{}, true
	}
	return nil, false
}

// DefinitionName is the key a struct type is defined under.
func DefinitionName(t reflect.Type) string {
	return strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + t.Name()
}

// Ref is the schema of a value of type t, defining the structs it meets.
func (g *Generator) Ref(t reflect.Type) Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := special(t); ok && !(t.Kind() == reflect.Struct && g.PlainJSON[DefinitionName(t)]) {
		return s
	}
	switch t.Kind() {
	case reflect.String:
		return Schema{"type": "string"}
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.Interface:
		return Schema{}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return Schema{"type": "string"}
		}
		return Schema{"type": "array", "items": g.Ref(t.Elem())}
	case reflect.Map:
		return Schema{"type": "object", "additionalProperties": g.Ref(t.Elem())}
	case reflect.Struct:
		name := DefinitionName(t)
		if g.External(t.PkgPath()) {
			return Schema{"$ref": "#/definitions/" + name}
		}
		if _, seen := g.Definitions[name]; !seen {
			g.Definitions[name] = Schema{} // placeholder against recursion
			g.Definitions[name] = g.object(t)
		}
		return Schema{"$ref": "#/definitions/" + name}
	}
	panic("unsupported kind " + t.String())
}

// A struct's JSON object: named fields, inlined embedded structs, required when not omitempty.
func (g *Generator) object(t reflect.Type) Schema {
	properties := Schema{}
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
			properties[name] = g.Ref(field.Type)
			if !strings.Contains(options, "omitempty") && !strings.Contains(options, "omitzero") &&
				field.Type.Kind() != reflect.Pointer && field.Type.Kind() != reflect.Struct &&
				field.Type.Kind() != reflect.Map && field.Type.Kind() != reflect.Slice {
				required = append(required, name)
			}
		}
	}
	collect(t)
	s := Schema{"type": "object", "properties": properties, "additionalProperties": false}
	// Kubernetes' API conventions make every optional field omitempty; the CRDs' Go types mark optional
	// fields with comments that reflection cannot see, so only the built-in kinds get required fields.
	if len(required) > 0 && strings.HasPrefix(t.PkgPath(), "k8s.io/") {
		s["required"] = required
	}
	return s
}
