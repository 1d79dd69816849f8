package demo

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// frame is one message queued for the writer.
type frame struct {
	typ  int
	data []byte
}

// session is one client connection: the handler goroutine reads, writePump
// writes, and an optional producer generates data.
type session struct {
	s    *Server
	conn *websocket.Conn
	send chan frame
	done chan struct{} // closed when the session ends
	once sync.Once

	closeMu   sync.Mutex
	closeCode int // when set, writePump sends this close frame and stops
	closeText string
}

func newSession(s *Server, c *websocket.Conn) *session {
	return &session{s: s, conn: c, send: make(chan frame, sendQueue), done: make(chan struct{})}
}

// enqueue hands a frame to the writer, waiting while the queue is full; false
// once the session or server has ended.
func (ss *session) enqueue(typ int, data []byte) bool {
	select {
	case ss.send <- frame{typ, data}:
		return true
	case <-ss.done:
		return false
	case <-ss.s.quit:
		return false
	}
}

// offer hands a frame to the writer without waiting; a full queue drops it
// (a slow chat client misses messages rather than stalling the room).
func (ss *session) offer(typ int, data []byte) {
	select {
	case ss.send <- frame{typ, data}:
	default:
	}
}

// stop ends the session.
func (ss *session) stop() { ss.once.Do(func() { close(ss.done) }) }

// closeWith asks the writer to send a close frame after what is queued.
func (ss *session) closeWith(code int, text string) {
	ss.closeMu.Lock()
	ss.closeCode, ss.closeText = code, text
	ss.closeMu.Unlock()
	ss.offer(-1, nil)
}

// run drives a session: it starts the writer and the producer (may be nil),
// reads until the connection ends, calling onMessage (may be nil) for each
// message, then waits for both goroutines and closes the connection.
func (ss *session) run(producer func(*session), onMessage func(typ int, data []byte)) {
	defer ss.s.untrack(ss.conn)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); ss.writePump() }()
	if producer != nil {
		wg.Add(1)
		go func() { defer wg.Done(); producer(ss) }()
	}
	ss.readPump(onMessage)
	ss.stop()
	wg.Wait()
	ss.conn.Close()
}

func (ss *session) readPump(onMessage func(int, []byte)) {
	c := ss.conn
	c.SetReadDeadline(time.Now().Add(pongWait))
	c.SetPongHandler(func(string) error { return c.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		typ, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.SetReadDeadline(time.Now().Add(pongWait))
		if onMessage != nil {
			onMessage(typ, data)
		}
	}
}

// writePump owns every write on the connection. When it stops it ends the
// session and closes the connection, so that readPump (or a handler waiting
// in enqueue) ends too.
func (ss *session) writePump() {
	c := ss.conn
	defer ss.stop()
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	closeWith := func(code int, text string) {
		c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(writeWait))
	}
	for {
		select {
		case f := <-ss.send:
			if f.typ < 0 {
				ss.closeMu.Lock()
				code, text := ss.closeCode, ss.closeText
				ss.closeMu.Unlock()
				closeWith(code, text)
				// Wait for the client's close reply (readPump sees it) or the end.
				select {
				case <-ss.done:
				case <-ss.s.quit:
				case <-time.After(writeWait):
				}
				c.Close()
				return
			}
			c.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.WriteMessage(f.typ, f.data); err != nil {
				c.Close()
				return
			}
		case <-ping.C:
			if err := c.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.Close()
				return
			}
		case <-ss.done:
			closeWith(websocket.CloseNormalClosure, "")
			c.Close()
			return
		case <-ss.s.quit:
			closeWith(websocket.CloseGoingAway, "server shutting down")
			c.Close()
			return
		}
	}
}
