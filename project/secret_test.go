package project

import "testing"

func TestIsSecretAndMask(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "cookie": true, "Sec-WebSocket-Protocol": true, "token": true,
		"api_key": true, "accessToken": true, "client_secret": true, "password": true, "weather.api.key": true,
		"symbols": false, "room": false, "X-Request-Id": false, "Accept": false,
	} {
		if IsSecret(name) != want {
			t.Errorf("IsSecret(%q) = %v", name, !want)
		}
	}
	if Mask("") != "" || Mask("abc") != "••••" {
		t.Error("Mask")
	}
	for in, want := range map[string]string{
		"wss://h/p?symbols=ACME&token=s3cr3t":     "wss://h/p?symbols=ACME&token=••••",
		"wss://h/p?api%5Fkey=x&empty_token=#frag": "wss://h/p?api%5Fkey=••••&empty_token=#frag",
		"wss://user:pw@h/p":                       "wss://user:••••@h/p",
		"ws://localhost:8765/":                    "ws://localhost:8765/",
	} {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}
