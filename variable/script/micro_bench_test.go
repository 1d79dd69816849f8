package script

import "testing"

const benchMsg = `{"seq":1234,"time":1764000000000,"symbol":"ACME","price":12.5,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`

func benchCall(b *testing.B, src string) {
	e := Load("Main.js", "Page", []byte(src), Options{Log: func(s string) { b.Error(s) }})
	defer e.Close()
	h := e.Handlers("Q")
	data := []byte(benchMsg)
	for b.Loop() {
		h.MessageReceive(nil, data)
	}
}

func BenchmarkCallEmpty(b *testing.B) {
	benchCall(b, `Page.QonMessageReceive = function (v, d) { return false; };`)
}
func BenchmarkCallModify(b *testing.B) {
	benchCall(b, `Page.QonMessageReceive = function (v, d) { d.seen = true; d.seq = d.seq * 2; return d; };`)
}
func BenchmarkCallUndefined(b *testing.B) {
	benchCall(b, `Page.QonMessageReceive = function (v, d) { };`)
}
