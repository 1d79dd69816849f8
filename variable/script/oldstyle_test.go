package script

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"wsstudio/project"
)

// TestOldStylePageScript: a page script written for AngularJS WaveMaker
// (Application.$controller with $scope) loads without error, and its
// $scope.<Variable>on<event> handlers, named in lower case, run like
// Page.<Variable>on<Event> ones, on a live demo feed.
func TestOldStylePageScript(t *testing.T) {
	src, err := os.ReadFile("testdata/OldStyle.js")
	if err != nil {
		t.Fatal(err)
	}
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/ticker?symbols=ACME,GLOBEX&interval=5ms"), string(src), func(v *project.Variable) {
		v.Strategy, v.DataLimit = project.StrategyAppend, 0
	})
	var mu sync.Mutex
	var logs []string
	v := runVariable(t, p, pv, Options{Log: func(s string) {
		mu.Lock()
		logs = append(logs, s)
		mu.Unlock()
	}})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "six ACME quotes", func() bool { return v.Dataset().Len() >= 6 })
	v.Close()
	if in := v.Stats().MessagesIn; in <= uint64(v.Dataset().Len()) {
		t.Fatalf("%d messages in, %d kept: GLOBEX quotes were not dropped by returning false", in, v.Dataset().Len())
	}
	for _, r := range v.Dataset().Records(0, v.Dataset().Len()) {
		if r.Get("symbol").String() != "ACME" || r.Get("style").String() != "old" {
			t.Fatalf("record %s: the old-style onmessagereceive did not run", r.JSON)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	joined := strings.Join(logs, "\n")
	if !strings.Contains(joined, "Main.js: old-style open of Quotes true object") {
		t.Fatalf("log:\n%s", joined)
	}
	if strings.Contains(strings.ToLower(joined), "error") {
		t.Fatalf("the script did not load cleanly:\n%s", joined)
	}
}

// TestApplicationRunAndPlainControllers: app.js's Application.run and a
// controller given as a bare function get the owner object as $scope and
// $rootScope.
func TestApplicationRunAndPlainControllers(t *testing.T) {
	for _, tc := range []struct {
		owner, src, has string
	}{
		{"App", `Application.run(["$rootScope", function($rootScope) { $rootScope.Feedonclose = function() {}; }]);`, "App.FeedonClose"},
		{"Page", `Application.$controller("MainPageController", function($scope) { $scope.FeedonOpen = function() {}; });`, "Page.FeedonOpen"},
		{"Page", `Page.Feedonerror = function() {}; Page.FeedonError = function() { return 1; };`, "Page.FeedonError"},
	} {
		e := Load("x.js", tc.owner, []byte(tc.src), Options{})
		if e.Err() != nil || !e.Has(tc.has) {
			t.Errorf("%s: err %v, has %s = %v", tc.src, e.Err(), tc.has, e.Has(tc.has))
		}
		e.Close()
	}
	// A controller that throws is the script's load error, with its line.
	e := Load("x.js", "Page", []byte("Application.$controller('C', ['$scope', function($scope) {\n  throw new Error('broken');\n}]);"), Options{})
	defer e.Close()
	if e.Err() == nil || !strings.Contains(e.Err().Error(), "broken") {
		t.Fatalf("err = %v", e.Err())
	}
}
