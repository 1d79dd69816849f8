package project

import (
	"bytes"
	"regexp"
	"strings"
)

// The two build files that must list a service for a Maven build of the
// project to include it. Both are edited line by line, never re-serialized.
const (
	pomFile             = "pom.xml"
	projectServicesFile = "src/main/webapp/WEB-INF/project-services.xml"
)

// buildFile is one of them as read.
type buildFile struct{ raw []byte }

var (
	pomResourceDir = regexp.MustCompile(`<directory>\s*services/([^/<\s]+)/src/?\s*</directory>`)
	pomSource      = regexp.MustCompile(`<source>\s*services/([^/<\s]+)/src/?\s*</source>`)
	springImport   = regexp.MustCompile(`<import\s+resource\s*=\s*"classpath:([^"]+)"\s*/>`)
)

// splitLines splits data into lines that keep their line endings.
func splitLines(data []byte) []string {
	var out []string
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, string(data))
			break
		}
		out = append(out, string(data[:i+1]))
		data = data[i+1:]
	}
	return out
}

func joinLines(ls []string) []byte { return []byte(strings.Join(ls, "")) }

// lineEnding is the ending of line l, or nl when it has none (the last line).
func lineEnding(l, nl string) string {
	if strings.HasSuffix(l, "\r\n") {
		return "\r\n"
	}
	if strings.HasSuffix(l, "\n") {
		return "\n"
	}
	return nl
}

func fileNL(data []byte) string {
	if bytes.Contains(data, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// indentOf is the leading white space of a line.
func indentOf(l string) string { return l[:len(l)-len(strings.TrimLeft(l, " \t"))] }

// indentUnit guesses one level of indentation: the smallest non-empty
// leading white space of a line.
func indentUnit(ls []string) string {
	unit := ""
	for _, l := range ls {
		in := indentOf(l)
		if in != "" && strings.TrimSpace(l) != "" && (unit == "" || len(in) < len(unit)) {
			unit = in
		}
	}
	if unit == "" {
		unit = "    "
	}
	return unit
}

// insertAfter inserts add after line i (before the first line when i < 0),
// giving line i an ending when it had none.
func insertAfter(ls []string, i int, add []string, nl string) []string {
	if i >= 0 && !strings.HasSuffix(ls[i], "\n") {
		ls[i] += nl
		// The file had no final line ending: the last added line has none.
		last := len(add) - 1
		add[last] = strings.TrimRight(add[last], "\r\n")
	}
	out := append([]string{}, ls[:i+1]...)
	out = append(out, add...)
	return append(out, ls[i+1:]...)
}

func matchID(re *regexp.Regexp, l string) (string, bool) {
	m := re.FindStringSubmatch(l)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// resourceBlock returns the lines [from, to] of the <resource> element
// holding line i.
func resourceBlock(ls []string, i int) (from, to int, ok bool) {
	from, to = -1, -1
	for j := i; j >= 0; j-- {
		if strings.Contains(ls[j], "<resource>") {
			from = j
			break
		}
		if j < i && strings.Contains(ls[j], "</resource>") {
			break
		}
	}
	for j := i; j < len(ls); j++ {
		if strings.Contains(ls[j], "</resource>") {
			to = j
			break
		}
		if j > i && strings.Contains(ls[j], "<resource>") {
			break
		}
	}
	if from < 0 || to < 0 {
		return 0, 0, false
	}
	return from, to, true
}

// pomAdd lists service id in pom.xml: a <resource> like the last sibling's
// after it, and a build-helper <source> after the last sibling's. Without
// siblings, the entries go before </resources> and the build-helper
// plugin's </sources>.
func pomAdd(data []byte, id string) []byte {
	ls := splitLines(data)
	nl := fileNL(data)
	unit := indentUnit(ls)
	lastDir, lastSrc := -1, -1
	for i, l := range ls {
		if sid, ok := matchID(pomResourceDir, l); ok {
			if sid == id {
				lastDir = -2
				break
			}
			lastDir = i
		}
	}
	if lastDir >= 0 {
		if from, to, ok := resourceBlock(ls, lastDir); ok {
			sib, _ := matchID(pomResourceDir, ls[lastDir])
			block := make([]string, 0, to-from+1)
			for _, l := range ls[from : to+1] {
				block = append(block, strings.ReplaceAll(l, "services/"+sib+"/", "services/"+id+"/"))
			}
			block[len(block)-1] = strings.TrimRight(block[len(block)-1], "\r\n") + lineEnding(ls[to], nl)
			ls = insertAfter(ls, to, block, nl)
		}
	} else if lastDir == -1 {
		for i := len(ls) - 1; i >= 0; i-- {
			if strings.Contains(ls[i], "</resources>") {
				in := indentOf(ls[i]) + unit
				ls = insertAfter(ls, i-1, []string{
					in + "<resource>" + nl,
					in + unit + "<directory>services/" + id + "/src</directory>" + nl,
					in + "</resource>" + nl,
				}, nl)
				break
			}
		}
	}
	for i, l := range ls {
		if sid, ok := matchID(pomSource, l); ok {
			if sid == id {
				return joinLines(ls)
			}
			lastSrc = i
		}
	}
	if lastSrc >= 0 {
		sib, _ := matchID(pomSource, ls[lastSrc])
		line := strings.Replace(ls[lastSrc], "services/"+sib+"/", "services/"+id+"/", 1)
		line = strings.TrimRight(line, "\r\n") + lineEnding(ls[lastSrc], nl)
		return joinLines(insertAfter(ls, lastSrc, []string{line}, nl))
	}
	helper := -1
	for i, l := range ls {
		if strings.Contains(l, "build-helper-maven-plugin") {
			helper = i
		}
		if helper >= 0 && i > helper && strings.Contains(l, "</sources>") {
			in := indentOf(l) + unit
			return joinLines(insertAfter(ls, i-1, []string{in + "<source>services/" + id + "/src</source>" + nl}, nl))
		}
	}
	return joinLines(ls)
}

// pomRemove drops service id's <resource> and <source> from pom.xml.
func pomRemove(data []byte, id string) []byte {
	ls := splitLines(data)
	drop := map[int]bool{}
	for i, l := range ls {
		if sid, ok := matchID(pomResourceDir, l); ok && sid == id {
			if from, to, ok := resourceBlock(ls, i); ok && countMatches(ls[from:to+1], pomResourceDir) == 1 {
				for j := from; j <= to; j++ {
					drop[j] = true
				}
			}
		}
		if sid, ok := matchID(pomSource, l); ok && sid == id && strings.TrimSpace(pomSource.ReplaceAllString(l, "")) == "" {
			drop[i] = true
		}
	}
	return dropLines(data, ls, drop)
}

func countMatches(ls []string, re *regexp.Regexp) int {
	n := 0
	for _, l := range ls {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

// dropLines removes lines; a file without a final line ending keeps none.
func dropLines(data []byte, ls []string, drop map[int]bool) []byte {
	if len(drop) == 0 {
		return data
	}
	var out []string
	for i, l := range ls {
		if !drop[i] {
			out = append(out, l)
		}
	}
	b := joinLines(out)
	if !bytes.HasSuffix(data, []byte("\n")) {
		b = bytes.TrimRight(b, "\r\n")
	}
	return b
}

// pomRename points service oldID's entries at newID.
func pomRename(data []byte, oldID, newID string) []byte {
	ls := splitLines(data)
	for i, l := range ls {
		for _, re := range []*regexp.Regexp{pomResourceDir, pomSource} {
			if sid, ok := matchID(re, l); ok && sid == oldID {
				ls[i] = strings.Replace(l, "services/"+oldID+"/", "services/"+newID+"/", 1)
			}
		}
	}
	return joinLines(ls)
}

// importsAdd adds <import resource="classpath:spring"/> after the last
// import (before </beans> when there is none).
func importsAdd(data []byte, spring string) []byte {
	ls := splitLines(data)
	nl := fileNL(data)
	last := -1
	for i, l := range ls {
		if name, ok := matchID(springImport, l); ok {
			if name == spring {
				return data
			}
			last = i
		}
	}
	if last >= 0 {
		name, _ := matchID(springImport, ls[last])
		line := strings.Replace(ls[last], "classpath:"+name+`"`, "classpath:"+spring+`"`, 1)
		line = strings.TrimRight(line, "\r\n") + lineEnding(ls[last], nl)
		return joinLines(insertAfter(ls, last, []string{line}, nl))
	}
	for i := len(ls) - 1; i >= 0; i-- {
		if strings.Contains(ls[i], "</beans>") {
			in := indentOf(ls[i]) + indentUnit(ls)
			return joinLines(insertAfter(ls, i-1, []string{in + `<import resource="classpath:` + spring + `"/>` + nl}, nl))
		}
	}
	return data
}

// importsRemove drops the import of spring.
func importsRemove(data []byte, spring string) []byte {
	ls := splitLines(data)
	drop := map[int]bool{}
	for i, l := range ls {
		if name, ok := matchID(springImport, l); ok && name == spring && strings.TrimSpace(springImport.ReplaceAllString(l, "")) == "" {
			drop[i] = true
		}
	}
	return dropLines(data, ls, drop)
}

// importsRename points the import of oldSpring at newSpring.
func importsRename(data []byte, oldSpring, newSpring string) []byte {
	ls := splitLines(data)
	for i, l := range ls {
		if name, ok := matchID(springImport, l); ok && name == oldSpring {
			ls[i] = strings.Replace(l, "classpath:"+oldSpring+`"`, "classpath:"+newSpring+`"`, 1)
		}
	}
	return joinLines(ls)
}
