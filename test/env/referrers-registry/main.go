// A registry with the OCI 1.1 referrers API for the attestation tests: go-containerregistry's
// in-memory registry (its own `cmd/registry` does not switch the referrers API on), on
// loopback only, with optional Basic auth so the gate's credential handling is exercised.
// It prints "listening on 127.0.0.1:<port>" once it accepts connections (port 0 picks a
// free one). Built by test/env/referrers-registry.sh; started by test/env/referrers-registry.ts.
package main

import (
	"crypto/subtle"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: any free port)")
	verbose := flag.Bool("v", false, "log every request to stderr")
	flag.Parse()
	// From the environment, never the command line: other users can read a process's arguments.
	user, password := os.Getenv("REFERRERS_REGISTRY_USER"), os.Getenv("REFERRERS_REGISTRY_PASSWORD")

	logger := log.New(io.Discard, "", 0)
	if *verbose {
		logger = log.New(os.Stderr, "", log.LstdFlags)
	}
	var handler http.Handler = registry.New(registry.WithReferrersSupport(true), registry.Logger(logger))
	if user != "" {
		handler = basicAuth(handler, user, password)
	}

	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", listener.Addr().String())
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(server.Serve(listener))
}

// basicAuth answers 401 with a Basic challenge, like distribution with htpasswd.
func basicAuth(next http.Handler, user, password string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(user)) != 1 || subtle.ConstantTimeCompare([]byte(p), []byte(password)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="csg-referrers-registry"`)
			w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
