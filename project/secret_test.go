package project

import (
	"strings"
	"testing"
)

// TestIsSecret is the one rule of what is secret, as names that are and
// are not.
func TestIsSecret(t *testing.T) {
	secret := []string{
		"Authorization", "authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Sec-WebSocket-Protocol",
		"token", "Token", "access_token", "accessToken", "id-token", "X-Auth-Token", "tokens",
		"key", "api_key", "apiKey", "APIKey", "X-Api-Key", "apikey", "weather.api.key", "secretKey",
		"secret", "client_secret", "clientSecret", "password", "db.password", "PASSWORD", "passwd", "pwd",
		"credential", "aws.credentials", "jwt",
	}
	notSecret := []string{
		"security.general.tokenService.enabled", "tokenValiditySeconds", "security.tokenValiditySeconds",
		"accessTokenUrl", "accessTokenURL", "tokenService", "passwordPolicy", "keyboard", "monkey", "keys.count",
		"symbols", "room", "X-Request-Id", "Accept", "websocket.ticker.host", "websocket.ticker.scheme",
		"websocket.ticker.basepath", "", "secretary", "tokenizer",
	}
	for _, n := range secret {
		if !IsSecret(n) {
			t.Errorf("IsSecret(%q) = false, want true", n)
		}
	}
	for _, n := range notSecret {
		if IsSecret(n) {
			t.Errorf("IsSecret(%q) = true, want false", n)
		}
	}
}

func TestMaskAndMaskURL(t *testing.T) {
	if Mask("") != "" || Mask("abc") != Masked {
		t.Error("Mask")
	}
	if MaskValue("token", "abc") != Masked || MaskValue("security.general.tokenService.enabled", "true") != "true" {
		t.Error("MaskValue")
	}
	for in, want := range map[string]string{
		"wss://h/p?symbols=ACME&token=s3cr3t":     "wss://h/p?symbols=ACME&token=••••",
		"wss://h/p?api%5Fkey=x&empty_token=#frag": "wss://h/p?api%5Fkey=••••&empty_token=#frag",
		"wss://user:pw@h/p":                       "wss://user:••••@h/p",
		"ws://localhost:8765/":                    "ws://localhost:8765/",
		"wss://h/p?accessTokenUrl=https://a/b":    "wss://h/p?accessTokenUrl=https://a/b",
	} {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSecretsMaskServerText: text a server wrote (a close reason, an HTTP
// body, a header it echoed) loses every secret the connection carried, and
// whatever looks like a credential.
func TestSecretsMaskServerText(t *testing.T) {
	var s Secrets
	s.AddHeaders(map[string][]string{"Authorization": {"Bearer SECRET123"}, "X-Client": {"studio"}})
	s.AddURL("wss://h/p?token=SECRET456&room=lobby")
	s.Add("ab") // too short to mask inside text
	for in, want := range map[string]string{
		"bad token SECRET456 auth Bearer SECRET123": "bad token •••• auth Bearer ••••",
		"you sent Bearer%20SECRET123":               "you sent Bearer%20••••",
		"Bearer OTHERTOKEN is unknown":              "Bearer •••• is unknown",
		`{"password":"hunter2","room":"lobby"}`:     `{"password":"••••","room":"lobby"}`,
		"api_key=zzz999&room=lobby":                 "api_key=••••&room=lobby",
		"tokenValiditySeconds=3600":                 "tokenValiditySeconds=3600",
		"echo: Authorization: Bearer XYZ999":        "echo: Authorization: Bearer ••••",
		"Authorization: Basic XYZ999 ok":            "Authorization: •••• ok",
		"client studio in room lobby, ab":           "client studio in room lobby, ab",
	} {
		got := s.Mask(in)
		if got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
		for _, secret := range []string{"SECRET123", "SECRET456", "hunter2", "zzz999", "OTHERTOKEN", "XYZ999"} {
			if strings.Contains(got, secret) {
				t.Errorf("Mask(%q) leaves %s", in, secret)
			}
		}
	}
}

// FuzzSecretsMask: a known secret never survives masking, whatever text
// surrounds it.
func FuzzSecretsMask(f *testing.F) {
	f.Add("bad token %s auth", "SECRET123")
	f.Add("%s%s", "abcabc")
	f.Add("Bearer %s", "x y z")
	f.Fuzz(func(t *testing.T, format, secret string) {
		if len(strings.TrimSpace(secret)) < minSecret || strings.Contains(secret, "%") {
			return
		}
		var s Secrets
		s.Add(secret)
		text := strings.ReplaceAll(format, "%s", secret) + " " + secret
		if got := s.Mask(text); strings.Contains(got, strings.TrimSpace(secret)) {
			t.Fatalf("Mask(%q) = %q keeps the secret %q", text, got, secret)
		}
	})
}
