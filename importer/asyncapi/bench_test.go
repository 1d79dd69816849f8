package asyncapi

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// bigDocument is an AsyncAPI 3.0 document of at least size bytes: many
// channels with path parameters, ws query bindings, messages whose payloads
// refer to shared schemas, and examples.
func bigDocument(tb testing.TB, size int, format string) []byte {
	tb.Helper()
	channels, operations, messages := Object{}, Object{}, Object{}
	schemas := Object{
		{"level", Object{{"type", "object"}, {"properties", Object{
			{"price", Object{{"type", "number"}}}, {"size", Object{{"type", "integer"}, {"format", "int32"}}}}}}},
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("feed%d", i)
		channels = channels.add(id, Object{
			{"address", "/" + id + "/{symbol}"},
			{"parameters", Object{{"symbol", Object{{"enum", []any{"ACME", "GLOBEX"}}, {"default", "ACME"}}}}},
			{"messages", Object{{"quote", Object{{"$ref", "#/components/messages/" + id}}}}},
			{"bindings", Object{{"ws", Object{{"query", Object{{"type", "object"}, {"properties", Object{
				{"interval", Object{{"type", "string"}, {"default", "500ms"}}},
				{"depth", Object{{"type", "integer"}, {"default", json.Number("10")}}}}}}}}}}},
		})
		operations = operations.add("send_"+id, Object{{"action", "send"}, {"channel", Object{{"$ref", "#/channels/" + id}}},
			{"messages", []any{Object{{"$ref", "#/channels/" + id + "/messages/quote"}}}}})
		messages = messages.add(id, Object{{"name", id}, {"payload", Object{{"type", "object"}, {"properties", Object{
			{"symbol", Object{{"type", "string"}}},
			{"price", Object{{"type", "number"}}},
			{"time", Object{{"type", "integer"}, {"format", "int64"}}},
			{"bid", Object{{"$ref", "#/components/schemas/level"}}},
			{"ask", Object{{"$ref", "#/components/schemas/level"}}},
			{"trades", Object{{"type", "array"}, {"items", Object{{"oneOf", []any{
				Object{{"type", "object"}, {"properties", Object{{"id", Object{{"type", "string"}, {"format", "uuid"}}}, {"qty", Object{{"type", "integer"}}}}}},
				Object{{"type", "object"}, {"properties", Object{{"id", Object{{"type", "string"}}}, {"cancelled", Object{{"type", "boolean"}}}}}},
			}}}}}},
		}}}},
			{"examples", []any{Object{{"payload", Object{{"symbol", "ACME"}, {"price", json.Number("101.50")}, {"time", json.Number("1717171717171")},
				{"bid", Object{{"price", json.Number("101.25")}, {"size", json.Number("3")}}}}}}}},
		})
		if i%50 == 49 {
			doc := Object{
				{"asyncapi", "3.0.0"}, {"info", Object{{"title", "Big"}, {"version", "1.0.0"}}},
				{"servers", Object{{"prod", Object{{"host", "quotes.example.com"}, {"protocol", "wss"}}}}},
				{"channels", channels}, {"operations", operations},
				{"components", Object{{"messages", messages}, {"schemas", schemas}}},
			}
			data, err := Marshal(doc, format)
			if err != nil {
				tb.Fatal(err)
			}
			if len(data) >= size {
				return data
			}
		}
	}
}

// BenchmarkImport1MB imports a 1 MB document (parse, resolve $refs, build
// every service) and reports the time as a ratio to a plain parse of the
// same bytes into Go values (yaml.v3 for YAML, encoding/json for JSON),
// both measured in this run.
func BenchmarkImport1MB(b *testing.B) {
	for _, format := range []string{"yaml", "json"} {
		b.Run(format, func(b *testing.B) {
			data := bigDocument(b, 1<<20, format)
			var plain, imp time.Duration
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				var v any
				var err error
				if format == "json" {
					err = json.Unmarshal(data, &v)
				} else {
					err = yaml.Unmarshal(data, &v)
				}
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				d, err := Parse(data, "big")
				if err != nil {
					b.Fatal(err)
				}
				svcs, _, err := d.Services(Options{})
				if err != nil || len(svcs) == 0 {
					b.Fatalf("%v, %d services", err, len(svcs))
				}
				t2 := time.Now()
				plain += t1.Sub(t0)
				imp += t2.Sub(t1)
			}
			b.ReportMetric(float64(imp)/float64(plain), "import/parse")
			b.ReportMetric(float64(imp.Milliseconds())/float64(b.N), "import-ms/op")
		})
	}
}
