package demo

import (
	"fmt"
	"net/http"

	"github.com/gorilla/websocket"
)

// DriftSample is a message of /drift that conforms: the sample response to
// import the feed with.
const DriftSample = `{"seq":0,"symbol":"ACME","price":12.5,"quote":{"bid":12.25,"ask":12.75},"trades":[{"qty":1},{"qty":2}]}`

// DriftMessage is message i of /drift. Most conform to DriftSample; in a
// fixed pattern some do not:
//   - every 4th (i%4 == 3) has "price" as a string;
//   - every 8th (i%8 == 7) has "quote" as a string, not an object;
//   - every 10th (i%10 == 9) has the second trade's "qty" as a string.
//
// So of the first 20 messages, 6 do not conform: 3, 9 and 11 by one field,
// 7, 15 and 19 by two.
func DriftMessage(i int) []byte {
	price := fmt.Sprintf("%d.5", 12+i%3)
	if i%4 == 3 {
		price = `"` + price + `"`
	}
	quote := `{"bid":12.25,"ask":12.75}`
	if i%8 == 7 {
		quote = `"n/a"`
	}
	qty := "2"
	if i%10 == 9 {
		qty = `"2"`
	}
	return fmt.Appendf(nil, `{"seq":%d,"symbol":"ACME","price":%s,"quote":%s,"trades":[{"qty":1},{"qty":%s}]}`, i, price, quote, qty)
}

// serveDrift sends count messages (?count=, default 20) of DriftMessage,
// then closes normally with "drift of N complete".
func (s *Server) serveDrift(w http.ResponseWriter, r *http.Request) {
	count, err := queryInt(r, "count", 20, 0, maxBurst)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	ss.run(func(ss *session) {
		for i := range count {
			if !ss.enqueue(websocket.TextMessage, DriftMessage(i)) {
				return
			}
		}
		ss.closeWith(websocket.CloseNormalClosure, fmt.Sprintf("drift of %d complete", count))
	}, nil)
}
