package wire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
)

func wsURL(s *httptest.Server, path string) string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + path
}

func dialErr(t *testing.T, c Config) *Error {
	t.Helper()
	conn, _, err := Dial(context.Background(), c)
	if err == nil {
		conn.Close()
		t.Fatalf("dial %s succeeded", c.URL)
	}
	var we *Error
	if !errors.As(err, &we) {
		t.Fatalf("dial %s: %T %v is not a *wire.Error", c.URL, err, err)
	}
	return we
}

func wantText(t *testing.T, err error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q\n does not contain %q", err.Error(), p)
		}
	}
}

func TestHTTPStatusRefusals(t *testing.T) {
	for _, tc := range []struct {
		code int
		body string
		want []string
	}{
		{401, "token missing\n", []string{"The server refused the upgrade with 401 Unauthorized: check the token or the Authorization header.", `The server said: "token missing".`}},
		{403, "origin not allowed", []string{"403 Forbidden", "permissions", `"origin not allowed"`}},
		{404, "<html>\n<body>no such   feed</body></html>", []string{"404 Not Found: check the path of the URL.", `"<html> <body>no such feed</body></html>"`}},
		{503, strings.Repeat("x", 5000), []string{"503 Service Unavailable", "try again later", strings.Repeat("x", 200) + "…"}},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, strings.TrimSuffix(tc.body, "\n"), tc.code)
		}))
		e := dialErr(t, Config{URL: wsURL(srv, "/feed")})
		srv.Close()
		if e.Class != HTTPStatus || e.StatusCode != tc.code {
			t.Errorf("%d: class %v status %d", tc.code, e.Class, e.StatusCode)
		}
		wantText(t, e, tc.want...)
	}
}

func TestRedirectNamesTheTarget(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example.com/v2/feed?token=abcdef", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	e := dialErr(t, Config{URL: wsURL(srv, "/feed")})
	if e.Class != HTTPStatus || e.StatusCode != 301 {
		t.Fatalf("%+v", e)
	}
	wantText(t, e, `The server refused the upgrade with 301 Moved Permanently: the address redirects to "https://elsewhere.example.com/v2/feed?token=••••"; use that address with ws:// or wss://.`)
}

func TestSecretsNeverInErrorText(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A careless server echoes what it got.
		http.Error(w, "bad credentials: "+r.Header.Get("Authorization")+" "+r.URL.RawQuery+" "+r.Header.Get("Cookie"), 401)
	}))
	defer srv.Close()
	e := dialErr(t, Config{
		URL:     wsURL(srv, "/feed?symbols=ACME&api_key=k3y-s3cret&token=t0k3n-v4lue"),
		Headers: http.Header{"Authorization": {"Bearer sup3r-s3cret"}, "Cookie": {"sid=c00kie-v4lue"}},
	})
	for _, secret := range []string{"sup3r-s3cret", "k3y-s3cret", "t0k3n-v4lue", "c00kie-v4lue"} {
		if strings.Contains(e.Error(), secret) || strings.Contains(e.URL, secret) {
			t.Errorf("secret %q leaks: %q / %q", secret, e.Error(), e.URL)
		}
	}
	wantText(t, e, "••••")
	if !strings.Contains(e.URL, "symbols=ACME") || !strings.Contains(e.URL, "token=••••") {
		t.Errorf("masked URL %q", e.URL)
	}
}

func TestRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := dialErr(t, Config{URL: "ws://" + addr + "/x"})
	if e.Class != Refused {
		t.Fatalf("class %v: %v", e.Class, e)
	}
	wantText(t, e, "Nothing is listening at "+addr+" (connection refused): check the host and port, and that the server is running.")
}

func TestDNS(t *testing.T) {
	e := dialErr(t, Config{URL: "wss://no-such-host.invalid/feed", HandshakeTimeout: 5 * time.Second})
	if e.Class != DNS {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "The host name of no-such-host.invalid:443 could not be found: check the spelling of the address")
}

// stall accepts connections and never answers.
func stall(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
			close(done)
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func TestTimeout(t *testing.T) {
	addr := stall(t)
	e := dialErr(t, Config{URL: "ws://" + addr + "/slow", HandshakeTimeout: 100 * time.Millisecond})
	if e.Class != Timeout {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "No answer from "+addr+" within 100ms: the server may be down, slow or behind a firewall; try again, or raise the handshake timeout.")
}

func TestCanceled(t *testing.T) {
	addr := stall(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, _, err := Dial(ctx, Config{URL: "ws://" + addr + "/slow", HandshakeTimeout: time.Minute})
		errc <- err
	}()
	cancel()
	err := <-errc
	var e *Error
	if !errors.As(err, &e) || e.Class != Canceled {
		t.Fatalf("got %v", err)
	}
	wantText(t, e, "The connection to "+addr+" was canceled.")
}

// certFor makes a self-signed CA certificate for names valid from nb to na
// and writes it to a PEM file.
func certFor(t *testing.T, names []string, ips []net.IP, nb, na time.Time) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "test"},
		NotBefore: nb, NotAfter: na, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    names, IPAddresses: ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, file
}

func tlsServer(t *testing.T, cert tls.Certificate) *httptest.Server {
	srv := httptest.NewUnstartedServer(echoHandler(t))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func echoHandler(t *testing.T) http.Handler {
	up := websocket.Upgrader{Subprotocols: []string{"v2.quotes", "v1.quotes"}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			typ, b, err := c.ReadMessage()
			if err != nil {
				return
			}
			c.WriteMessage(typ, b)
		}
	})
}

func TestTLSUnknownAuthority(t *testing.T) {
	s, err := demo.Start("", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := dialErr(t, Config{URL: s.URL("/echo")})
	if e.Class != TLSUnknownAuthority {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "The certificate of "+s.Addr+" is signed by an authority this computer does not trust: add the server's CA file under TLS options")

	// Trusting the demo's CA file, or skipping verification, works.
	for _, c := range []Config{{URL: s.URL("/echo"), CAFile: s.CAFile}, {URL: s.URL("/echo"), InsecureSkipVerify: true}} {
		conn, _, err := Dial(context.Background(), c)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		conn.WriteMessage(websocket.TextMessage, []byte("hi"))
		if _, b, err := conn.ReadMessage(); err != nil || string(b) != "hi" {
			t.Fatalf("echo over TLS: %q %v", b, err)
		}
		conn.Close()
	}
}

func TestTLSHostname(t *testing.T) {
	cert, ca := certFor(t, []string{"quotes.example.com"}, nil, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	srv := tlsServer(t, cert)
	e := dialErr(t, Config{URL: "wss" + strings.TrimPrefix(srv.URL, "https") + "/", CAFile: ca})
	if e.Class != TLSHostname {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "is not valid for that host name (it is for quotes.example.com): connect with a name the certificate lists")
}

func TestTLSExpired(t *testing.T) {
	na := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	cert, ca := certFor(t, []string{"localhost"}, []net.IP{net.IPv4(127, 0, 0, 1)}, na.Add(-48*time.Hour), na)
	srv := tlsServer(t, cert)
	e := dialErr(t, Config{URL: "wss" + strings.TrimPrefix(srv.URL, "https") + "/", CAFile: ca})
	if e.Class != TLSExpired {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "has expired or is not yet valid (it expired on 2024-03-01): renew the server's certificate")
}

func TestTLSOtherAgainstPlainServer(t *testing.T) {
	srv := httptest.NewServer(echoHandler(t))
	defer srv.Close()
	e := dialErr(t, Config{URL: "wss" + strings.TrimPrefix(srv.URL, "http") + "/"})
	if e.Class != TLSOther {
		t.Fatalf("class %v: %v (%v)", e.Class, e, e.Err)
	}
	wantText(t, e, "The secure (TLS) connection to", "check that the server speaks wss:// on this port")
}

func TestBadCAFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "not-a-cert.pem")
	os.WriteFile(bad, []byte("hello"), 0o600)
	e := dialErr(t, Config{URL: "wss://127.0.0.1:1/", CAFile: bad})
	wantText(t, e, "The CA file "+bad+" holds no PEM certificate")
	e = dialErr(t, Config{URL: "wss://127.0.0.1:1/", CAFile: bad + ".missing"})
	wantText(t, e, "The CA file "+bad+".missing could not be read (no such file or directory)")
}

func TestMalformedURL(t *testing.T) {
	e := dialErr(t, Config{URL: "http://example.com/?token=abcdef"})
	wantText(t, e, "is not a valid ws:// or wss:// URL")
	if strings.Contains(e.Error(), "abcdef") {
		t.Errorf("token leaks: %v", e)
	}
}

func TestSubprotocolAgreed(t *testing.T) {
	srv := httptest.NewServer(echoHandler(t))
	defer srv.Close()
	conn, _, err := Dial(context.Background(), Config{URL: wsURL(srv, "/"), Subprotocols: []string{"v1.quotes"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if conn.Subprotocol() != "v1.quotes" {
		t.Fatalf("subprotocol %q", conn.Subprotocol())
	}
}

func closingServer(t *testing.T, code int, reason string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		if code == 0 {
			return // drop without a close frame
		}
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason))
		c.ReadMessage()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func readErr(t *testing.T, c Config) *Error {
	t.Helper()
	conn, _, err := Dial(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _, err = conn.ReadMessage()
	re := ReadErrorLimit(err, c.ReadLimit)
	var e *Error
	if !errors.As(re, &e) {
		t.Fatalf("ReadError(%v) = %T", err, re)
	}
	return e
}

func TestClosedByServer(t *testing.T) {
	e := readErr(t, Config{URL: wsURL(closingServer(t, 1008, "token expired"), "/")})
	if e.Class != ClosedByServer || e.CloseCode != 1008 || e.CloseText != "token expired" || e.Normal() {
		t.Fatalf("%+v", e)
	}
	wantText(t, e, `The server closed the connection (1008 policy violation): "token expired": check the token`)

	e = readErr(t, Config{URL: wsURL(closingServer(t, 1000, "bye"), "/")})
	if !e.Normal() {
		t.Fatalf("%+v", e)
	}
	wantText(t, e, `The server closed the connection normally (1000 normal closure): "bye".`)

	e = readErr(t, Config{URL: wsURL(closingServer(t, 4001, "quota"), "/")})
	wantText(t, e, `The server closed the connection (4001 application code): "quota".`)

	e = readErr(t, Config{URL: wsURL(closingServer(t, 0, ""), "/")})
	if e.Class != ClosedByServer || e.CloseCode != 1006 {
		t.Fatalf("%+v", e)
	}
	wantText(t, e, "The connection was lost without a close message (1006)")
}

func TestMessageTooBig(t *testing.T) {
	s, err := demo.Start("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := readErr(t, Config{URL: s.URL("/burst?count=1&size=4096"), ReadLimit: 1024})
	if e.Class != MessageTooBig {
		t.Fatalf("%+v", e)
	}
	wantText(t, e, "A message from the server was larger than the read limit of 1 KiB: raise the read limit")
}

func TestReadErrorNilAndOther(t *testing.T) {
	if ReadError(nil) != nil {
		t.Fatal("ReadError(nil) != nil")
	}
	wantText(t, ReadError(net.ErrClosed), "The connection was closed by this side.")
	wantText(t, ReadError(os.ErrDeadlineExceeded), "timed out")
	wantText(t, ReadError(errors.New("odd")), "Reading from the server failed (odd): reconnect.")
}

func TestMaskURL(t *testing.T) {
	for in, want := range map[string]string{
		"wss://h/p?symbols=A&token=abc":            "wss://h/p?symbols=A&token=••••",
		"wss://user:pw@h/p":                        "wss://user:••••@h/p",
		"wss://h/p?apiKey=1&Password=2&x=3":        "wss://h/p?apiKey=••••&Password=••••&x=3",
		"not a url %zz?access_token=abc&b=c":       "not a url %zz?access_token=••••&b=c",
		"ws://127.0.0.1:8765/echo":                 "ws://127.0.0.1:8765/echo",
		"ws://h/{id}?session=s1&token=#frag":       "ws://h/{id}?session=s1&token=#frag",
		"wss://h/?client_secret=a%20b&sig=keep-me": "wss://h/?client_secret=••••&sig=keep-me",
	} {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassNames(t *testing.T) {
	if TLSExpired.String() != "tls-expired" || Canceled.String() != "canceled" || Class(99).String() != "class(99)" {
		t.Fatal("class names")
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 100: "100 bytes", 1024: "1 KiB", 1536: "1536 bytes",
		512 << 10: "512 KiB", 16 << 20: "16 MiB", 1<<20 + 1<<10: "1025 KiB",
	} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q; want %q", n, got, want)
		}
	}
}
