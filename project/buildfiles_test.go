package project

import (
	"strings"
	"testing"
)

func TestPomEdits(t *testing.T) {
	const bare = "<project>\n  <build>\n    <resources>\n      <resource>\n        <directory>src/main/resources</directory>\n      </resource>\n    </resources>\n" +
		"    <plugins>\n      <plugin>\n        <artifactId>build-helper-maven-plugin</artifactId>\n        <configuration>\n          <sources>\n          </sources>\n        </configuration>\n      </plugin>\n    </plugins>\n  </build>\n</project>"
	added := pomAdd([]byte(bare), "chat")
	want := "<project>\n  <build>\n    <resources>\n      <resource>\n        <directory>src/main/resources</directory>\n      </resource>\n" +
		"      <resource>\n        <directory>services/chat/src</directory>\n      </resource>\n    </resources>\n" +
		"    <plugins>\n      <plugin>\n        <artifactId>build-helper-maven-plugin</artifactId>\n        <configuration>\n          <sources>\n" +
		"            <source>services/chat/src</source>\n          </sources>\n        </configuration>\n      </plugin>\n    </plugins>\n  </build>\n</project>"
	if string(added) != want {
		t.Errorf("without siblings:\n%s\nwant\n%s", added, want)
	}
	if again := pomAdd(added, "chat"); string(again) != string(added) {
		t.Errorf("adding twice:\n%s", again)
	}
	second := pomAdd(added, "news")
	if string(pomRemove(second, "news")) != string(added) {
		t.Errorf("remove after add:\n%s", pomRemove(second, "news"))
	}
	if string(pomRemove(added, "chat")) != bare {
		t.Errorf("remove the only one:\n%s", pomRemove(added, "chat"))
	}
	if got := string(pomRename(added, "chat", "talk")); got != strings.ReplaceAll(want, "services/chat/", "services/talk/") {
		t.Errorf("rename:\n%s", got)
	}
}

func TestProjectServicesEdits(t *testing.T) {
	const none = "<beans>\n\t<bean id=\"x\"/>\n</beans>"
	got := string(importsAdd([]byte(none), "chat.spring.xml"))
	if want := "<beans>\n\t<bean id=\"x\"/>\n\t<import resource=\"classpath:chat.spring.xml\"/>\n</beans>"; got != want {
		t.Errorf("without siblings:\n%q\nwant\n%q", got, want)
	}
	// After a last line without a line ending: it gets one, the new line has none.
	const last = "<beans>\n  <import resource=\"classpath:a.spring.xml\"/>"
	got = string(importsAdd([]byte(last), "b.spring.xml"))
	if want := last + "\n  <import resource=\"classpath:b.spring.xml\"/>"; got != want {
		t.Errorf("after the last line:\n%q\nwant\n%q", got, want)
	}
	if back := string(importsRemove([]byte(got), "b.spring.xml")); back != last {
		t.Errorf("remove:\n%q", back)
	}
	if r := string(importsRename([]byte(last), "a.spring.xml", "c.spring.xml")); r != "<beans>\n  <import resource=\"classpath:c.spring.xml\"/>" {
		t.Errorf("rename:\n%q", r)
	}
}
