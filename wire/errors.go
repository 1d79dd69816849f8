package wire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"wsstudio/project"
)

// Class is the kind of a connection failure.
type Class int

// Classes of failure.
const (
	Other               Class = iota // anything not below
	DNS                              // the host name does not resolve
	Refused                          // nothing listens at host:port
	TLSUnknownAuthority              // certificate signed by an authority not trusted
	TLSHostname                      // certificate not valid for the host name
	TLSExpired                       // certificate expired or not yet valid
	TLSOther                         // any other TLS failure, or an unusable CA file
	HTTPStatus                       // the server answered the upgrade with an HTTP status
	Timeout                          // no answer in time
	ClosedByServer                   // the server closed the connection (code and reason)
	MessageTooBig                    // a message was larger than the read limit
	Canceled                         // the caller canceled
)

var classNames = [...]string{"other", "dns", "refused", "tls-unknown-authority", "tls-hostname",
	"tls-expired", "tls-other", "http-status", "timeout", "closed-by-server", "message-too-big", "canceled"}

// String is a short, stable name of the class ("tls-expired").
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return fmt.Sprintf("class(%d)", int(c))
	}
	return classNames[c]
}

// Error is a classified connection failure. Error() is one or two sentences
// for a person: what failed, then what to try.
type Error struct {
	Class Class
	Host  string // host:port dialed, when known
	URL   string // the URL dialed, secrets masked

	StatusCode int    // HTTPStatus: the HTTP status code
	Status     string // HTTPStatus: "401 Unauthorized"
	Body       string // HTTPStatus: the start of the response body, one line
	Location   string // HTTPStatus: where a redirect points, secrets masked

	CloseCode int    // ClosedByServer: the close code (1006 when the connection just ended)
	CloseText string // ClosedByServer: the reason the server gave

	Timeout time.Duration // Timeout: the handshake timeout in force
	Limit   int64         // MessageTooBig: the read limit

	Err error // the underlying error

	msg     string          // fixed wording, when set
	secrets project.Secrets // values masked out of every text
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Normal reports whether the error is a normal close (1000) by the server:
// the connection ended as the server intended.
func (e *Error) Normal() bool {
	return e.Class == ClosedByServer && e.CloseCode == websocket.CloseNormalClosure
}

// Error words the failure for a person, secrets masked.
func (e *Error) Error() string { return e.secrets.Mask(e.text()) }

func (e *Error) where() string {
	if e.Host != "" {
		return e.Host
	}
	return "the server"
}

func (e *Error) text() string {
	if e.msg != "" {
		return e.msg
	}
	h := e.where()
	switch e.Class {
	case DNS:
		return fmt.Sprintf("The host name of %s could not be found: check the spelling of the address, and your network or DNS settings.", h)
	case Refused:
		return fmt.Sprintf("Nothing is listening at %s (connection refused): check the host and port, and that the server is running.", h)
	case TLSUnknownAuthority:
		return fmt.Sprintf("The certificate of %s is signed by an authority this computer does not trust: add the server's CA file under TLS options, or (for testing only) skip certificate verification.", h)
	case TLSHostname:
		var he x509.HostnameError
		names := ""
		if errors.As(e.Err, &he) && he.Certificate != nil {
			all := append([]string(nil), he.Certificate.DNSNames...)
			for _, ip := range he.Certificate.IPAddresses {
				all = append(all, ip.String())
			}
			if len(all) > 0 {
				names = " (it is for " + strings.Join(all, ", ") + ")"
			}
		}
		return fmt.Sprintf("The certificate of %s is not valid for that host name%s: connect with a name the certificate lists, or fix the server's certificate.", h, names)
	case TLSExpired:
		var ce x509.CertificateInvalidError
		when := ""
		if errors.As(e.Err, &ce) && ce.Cert != nil {
			if time.Now().After(ce.Cert.NotAfter) {
				when = " (it expired on " + ce.Cert.NotAfter.UTC().Format("2006-01-02") + ")"
			} else if time.Now().Before(ce.Cert.NotBefore) {
				when = " (it is valid only from " + ce.Cert.NotBefore.UTC().Format("2006-01-02") + ")"
			}
		}
		return fmt.Sprintf("The certificate of %s has expired or is not yet valid%s: renew the server's certificate, or check this computer's date and time.", h, when)
	case TLSOther:
		return fmt.Sprintf("The secure (TLS) connection to %s failed (%s): check that the server speaks wss:// on this port, or use ws:// if it does not.", h, short(e.Err))
	case HTTPStatus:
		hint := statusHint(e.StatusCode)
		if e.Location != "" && e.StatusCode >= 300 && e.StatusCode < 400 {
			hint = fmt.Sprintf("the address redirects to %q; use that address with ws:// or wss://.", e.Location)
		}
		s := fmt.Sprintf("The server refused the upgrade with %s: %s", e.status(), hint)
		if e.Body != "" {
			s += fmt.Sprintf(" The server said: %q.", e.Body)
		}
		return s
	case Timeout:
		if e.Timeout > 0 {
			return fmt.Sprintf("No answer from %s within %s: the server may be down, slow or behind a firewall; try again, or raise the handshake timeout.", h, e.Timeout)
		}
		return fmt.Sprintf("The connection to %s timed out (no message or pong in time): the server or the network may be down; reconnect.", h)
	case ClosedByServer:
		return closeSentence(e.CloseCode, e.CloseText)
	case MessageTooBig:
		limit := "the read limit"
		if e.Limit > 0 {
			limit = "the read limit of " + SizeText(e.Limit)
		}
		return fmt.Sprintf("A message from %s was larger than %s: raise the read limit if such messages are expected.", h, limit)
	case Canceled:
		return fmt.Sprintf("The connection to %s was canceled.", h)
	}
	return fmt.Sprintf("Could not connect to %s (%s): check the address and try again.", h, short(e.Err))
}

func (e *Error) status() string {
	if e.Status != "" {
		return e.Status
	}
	return fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

func statusHint(code int) string {
	switch {
	case code == http.StatusUnauthorized:
		return "check the token or the Authorization header."
	case code == http.StatusForbidden:
		return "the server does not allow this client; check the token, your permissions or the Origin it expects."
	case code == http.StatusNotFound:
		return "check the path of the URL."
	case code == http.StatusBadRequest:
		return "check the query parameters, headers and subprotocols."
	case code == http.StatusTooManyRequests:
		return "the server is limiting connections; wait a moment and try again."
	case code == http.StatusUpgradeRequired:
		return "the server wants a different protocol version or subprotocol; check the subprotocols."
	case code >= 300 && code < 400:
		return "the address redirects elsewhere; use the final ws:// or wss:// URL."
	case code >= 200 && code < 300:
		return "the address answers plain HTTP but does not speak WebSocket; check the path."
	case code >= 500:
		return "the server had a problem; try again later."
	}
	return "check the URL, headers and parameters."
}

var closeNames = map[int]string{
	1000: "normal closure", 1001: "going away", 1002: "protocol error", 1003: "unsupported data",
	1005: "no status", 1006: "abnormal closure", 1007: "invalid data", 1008: "policy violation",
	1009: "message too big", 1010: "missing extension", 1011: "internal server error",
	1012: "service restart", 1013: "try again later", 1014: "bad gateway", 1015: "TLS handshake failure",
}

// CloseName is the name of a close code ("policy violation"), or "" for
// codes without one.
func CloseName(code int) string {
	if n, ok := closeNames[code]; ok {
		return n
	}
	if code >= 4000 && code <= 4999 {
		return "application code"
	}
	return ""
}

func closeSentence(code int, reason string) string {
	c := fmt.Sprintf("%d", code)
	if n := CloseName(code); n != "" {
		c += " " + n
	}
	r := ""
	if reason = snippet([]byte(reason)); reason != "" {
		r = fmt.Sprintf(": %q", reason)
	}
	switch code {
	case websocket.CloseNormalClosure:
		return fmt.Sprintf("The server closed the connection normally (%s)%s.", c, r)
	case websocket.CloseAbnormalClosure:
		return "The connection was lost without a close message (1006): the server or the network dropped it; reconnect."
	case websocket.CloseGoingAway, 1012, 1013:
		return fmt.Sprintf("The server closed the connection (%s)%s: it is shutting down or restarting; reconnect later.", c, r)
	case websocket.ClosePolicyViolation:
		return fmt.Sprintf("The server closed the connection (%s)%s: check the token, the messages sent and the server's rules.", c, r)
	case websocket.CloseMessageTooBig:
		return fmt.Sprintf("The server closed the connection (%s)%s: a message sent was larger than the server accepts.", c, r)
	case websocket.CloseInvalidFramePayloadData, websocket.CloseUnsupportedData, websocket.CloseProtocolError:
		return fmt.Sprintf("The server closed the connection (%s)%s: check the format of the messages sent.", c, r)
	case websocket.CloseInternalServerErr, 1014:
		return fmt.Sprintf("The server closed the connection (%s)%s: the server had a problem; try again later.", c, r)
	}
	return fmt.Sprintf("The server closed the connection (%s)%s.", c, r)
}

// SizeText writes a byte count for a person, as limits are given: 16 MiB,
// 512 KiB, 100 bytes (whole units only; anything else in bytes).
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// short is an underlying error as a clause: trimmed to one line.
func short(err error) string {
	if err == nil {
		return "unknown error"
	}
	return snippet([]byte(err.Error()))
}

// snippet is the start of b as one printable line of at most bodySnippet
// characters.
func snippet(b []byte) string {
	var sb strings.Builder
	space := false
	n := 0
	for len(b) > 0 && n < bodySnippet {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == utf8.RuneError && size == 1 {
			r = '?'
		}
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			n++
			space = false
		}
		sb.WriteRune(r)
		n++
	}
	s := sb.String()
	if len(b) > 0 && n >= bodySnippet {
		s += "…"
	}
	return s
}

// classifyDial sorts a dial failure into its class.
func classifyDial(ctx context.Context, err error, resp *http.Response) *Error {
	e := &Error{Class: Other, Err: err}
	if resp != nil && errors.Is(err, websocket.ErrBadHandshake) {
		e.Class, e.StatusCode, e.Status = HTTPStatus, resp.StatusCode, resp.Status
		if loc := resp.Header.Get("Location"); loc != "" {
			e.Location = MaskURL(snippet([]byte(loc)))
		}
		if resp.StatusCode == http.StatusSwitchingProtocols {
			e.Class = Other
			e.msg = "The server accepted the upgrade but its handshake was not valid WebSocket: check that the URL points at a WebSocket server."
		}
		return e
	}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Class = Canceled
		return e
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		e.Class = Timeout
		return e
	}
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	var verifyErr *tls.CertificateVerificationError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr) && !dnsErr.IsTimeout:
		e.Class = DNS
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Class = Refused
	case errors.As(err, &unknownCA):
		e.Class = TLSUnknownAuthority
	case errors.As(err, &hostErr):
		e.Class = TLSHostname
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		e.Class = TLSExpired
	case errors.As(err, &verifyErr), errors.As(err, &invalid), errors.As(err, &recordErr),
		errors.As(err, &alertErr), strings.HasPrefix(err.Error(), "tls: "):
		e.Class = TLSOther
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout(), errors.As(err, &dnsErr) && dnsErr.IsTimeout:
		e.Class = Timeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		e.msg = fmt.Sprintf("The server closed the connection during the handshake (%s): check that the URL points at a WebSocket server and that ws:// or wss:// matches it.", short(err))
	}
	return e
}

// ReadError words an error from reading a connection (ReadMessage,
// NextReader) for a person, as a *Error: the server's close (code and
// reason), a dropped connection (1006), a read timeout, a message over the
// read limit. It returns nil for nil. The variable package uses it for
// onError and onClose.
func ReadError(err error) error {
	if err == nil {
		return nil
	}
	var we *Error
	if errors.As(err, &we) {
		return err
	}
	e := &Error{Class: Other, Err: err}
	var ce *websocket.CloseError
	var netErr net.Error
	switch {
	case errors.As(err, &ce):
		e.Class, e.CloseCode, e.CloseText = ClosedByServer, ce.Code, ce.Text
	case errors.Is(err, websocket.ErrReadLimit):
		e.Class = MessageTooBig
	case errors.Is(err, net.ErrClosed), errors.Is(err, websocket.ErrCloseSent):
		e.Class = Canceled
		e.msg = "The connection was closed by this side."
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		e.Class = Timeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		e.Class, e.CloseCode = ClosedByServer, websocket.CloseAbnormalClosure
	default:
		e.msg = fmt.Sprintf("Reading from the server failed (%s): reconnect.", short(err))
	}
	return e
}

// ReadErrorFor is ReadError for a connection dialed with c: a too-big
// message names c's read limit, and the text (the server's close reason
// included) has c's secrets masked.
func ReadErrorFor(err error, c Config) error {
	e := ReadError(err)
	var we *Error
	if errors.As(e, &we) {
		if we.Class == MessageTooBig && we.Limit == 0 {
			we.Limit = c.ReadLimit
			if we.Limit <= 0 {
				we.Limit = DefaultReadLimit
			}
		}
		if we.secrets.Empty() {
			we.secrets = Secrets(c)
		}
	}
	return e
}

// Secrets are the secret values a dial with c carries, by the project's
// one rule: to mask them out of any text about the connection, what the
// server wrote included.
func Secrets(c Config) project.Secrets { return secretValues(c.URL, c.Headers, c.Subprotocols) }

// ReadErrorLimit is ReadError for a connection whose read limit is limit,
// so that a too-big message names the limit.
func ReadErrorLimit(err error, limit int64) error {
	e := ReadError(err)
	var we *Error
	if errors.As(e, &we) && we.Class == MessageTooBig && we.Limit == 0 {
		we.Limit = limit
	}
	return e
}
