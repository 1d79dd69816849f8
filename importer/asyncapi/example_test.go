package asyncapi_test

import (
	"fmt"

	"wsstudio/importer/asyncapi"
)

// Reading a document and turning two of its channels into services, as
// 'wsstudio import DIR --asyncapi FILE --channel ticker --channel secure'
// does; each service then goes to importer.Commit.
func ExampleDocument_Services() {
	doc, err := asyncapi.Read("testdata/demo-feeds.yaml")
	if err != nil {
		fmt.Println(err) // a *DocumentError: exit status 2
		return
	}
	svcs, warnings, err := doc.Services(asyncapi.Options{Channels: []string{"ticker", "secure"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range svcs {
		fmt.Println(s.ID, s.Endpoint, s.QueryParams, s.Enums)
		fmt.Println("  response:", s.Response.Fields())
	}
	fmt.Println(len(warnings), "warnings")
	// Output:
	// ticker ws://127.0.0.1:8765/ticker [{symbols ACME,GLOBEX string false} {interval 100ms string false}] map[]
	//   response: [{symbol string } {price number double} {change number double} {volume integer int32} {time integer int64}]
	// secure ws://127.0.0.1:8765/secure/{feed} [{interval 100ms string false}] map[feed:[randomnumber]]
	//   response: [{time integer int64} {value integer int32}]
	// 0 warnings
}
