package project

import (
	"path"
	"sort"
)

// Paths inside a project folder, slash-separated.
const (
	propertiesFile = ".wmproject.properties"
	profilesDir    = "profiles"
	servicesDir    = "services"
	webappDir      = "src/main/webapp"
	pagesDir       = "src/main/webapp/pages"
	appVariables   = "src/main/webapp/app.variables.json"
	appScript      = "src/main/webapp/app.js"
)

// servicePaths are the files of one WebSocket service, relative to the
// project folder.
type servicePaths struct {
	info, designAPI, designTarget, connection, studio, defs, spring, oldSpring, srcTarget, xmlDef string
}

func pathsOf(id string) servicePaths {
	d := path.Join(servicesDir, id)
	return servicePaths{
		info:         path.Join(d, "designtime/service-info.json"),
		designAPI:    path.Join(d, "designtime", id+"_API_WEBSOCKET_SERVICE.json"),
		designTarget: path.Join(d, "designtime", id+"_apiTarget.json"),
		connection:   path.Join(d, "designtime", id+"_connection_settings.json"),
		studio:       path.Join(d, "designtime", id+"_studio_settings.json"),
		defs:         path.Join(d, "src/servicedefs", id+"-service-definitions.json"),
		spring:       path.Join(d, "src", "service_"+id+".spring.xml"),
		oldSpring:    path.Join(d, "src", id+".spring.xml"),
		srcTarget:    path.Join(d, "src", id+"_apiTarget.json"),
		xmlDef:       path.Join(d, "designtime/servicedef.xml"),
	}
}

func pageFile(page, ext string) string { return path.Join(pagesDir, page, page+ext) }

func profileFile(name string) string { return path.Join(profilesDir, name+".properties") }

func sortProfiles(ps []*Profile) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
}

func sortStrings(s []string) { sort.Strings(s) }
