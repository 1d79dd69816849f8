package asyncapi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specsVersion is the @asyncapi/specs release the export is checked
// against; it carries the official AsyncAPI JSON Schemas.
const specsVersion = "6.11.1"

var (
	specsOnce   sync.Once
	specsSchema *jsonschema.Schema
	specsErr    error
	specsSkip   string
)

// officialSchema compiles the official AsyncAPI 3.0.0 JSON Schema from the
// @asyncapi/specs npm package, installed with npm into the user's cache
// folder (once; later runs reuse it). Without npm the test is skipped.
func officialSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	specsOnce.Do(func() {
		npm, err := exec.LookPath("npm")
		if err != nil {
			specsSkip = "npm is not installed, so the export cannot be checked against the official AsyncAPI 3.0 schema from @asyncapi/specs; install Node.js and npm to run this check"
			return
		}
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		dir := filepath.Join(cache, "wsstudio-test", "asyncapi-specs-"+specsVersion)
		file := filepath.Join(dir, "node_modules", "@asyncapi", "specs", "schemas", "3.0.0.json")
		if _, err := os.Stat(file); err != nil {
			if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
				specsErr = err
				return
			}
			tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
			if err != nil {
				specsErr = err
				return
			}
			defer os.RemoveAll(tmp)
			cmd := exec.Command(npm, "install", "--prefix", tmp, "--no-audit", "--no-fund", "--loglevel=error", "@asyncapi/specs@"+specsVersion)
			if out, err := cmd.CombinedOutput(); err != nil {
				specsErr = &installError{err, out}
				return
			}
			if err := os.Rename(tmp, dir); err != nil && !os.IsExist(err) {
				if _, statErr := os.Stat(file); statErr != nil {
					specsErr = err
					return
				}
			}
		}
		f, err := os.Open(file)
		if err != nil {
			specsErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			specsErr = err
			return
		}
		const id = "http://asyncapi.com/definitions/3.0.0/asyncapi.json"
		c := jsonschema.NewCompiler()
		if err := c.AddResource(id, doc); err != nil {
			specsErr = err
			return
		}
		specsSchema, specsErr = c.Compile(id)
	})
	if specsSkip != "" {
		t.Skip(specsSkip)
	}
	if specsErr != nil {
		t.Fatalf("the official AsyncAPI schema: %v", specsErr)
	}
	return specsSchema
}

type installError struct {
	err error
	out []byte
}

func (e *installError) Error() string {
	return "npm install @asyncapi/specs@" + specsVersion + ": " + e.err.Error() + "\n" + string(e.out)
}

// validate checks a JSON document against the official schema.
func validate(t *testing.T, data []byte) error {
	t.Helper()
	sch := officialSchema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	return sch.Validate(inst)
}
