// Command trivy-db builds a tiny Trivy vulnerability DB (schema v2) from the
// JSON fixture advisories in fixtures/advisories, so integration tests can run
// the real Trivy scanner offline with `--skip-db-update` and get known findings.
//
// It writes exactly the buckets Trivy v0.74.0's language detector reads:
//
//	data-source/<eco>::GitHub Security Advisory <Eco>  -> DataSource{ID: ghsa}
//	<eco>::GitHub Security Advisory <Eco>/<pkg>/<id>     -> Advisory{Vulnerable/PatchedVersions}
//	vulnerability/<id>                                   -> Vulnerability{VendorSeverity[ghsa], CVSS, ...}
//
// (see trivy pkg/detector/library/driver.go: GetAdvisories("<eco>::", pkg) and
// pkg/vulnerability/vulnerability.go: FillInfo → GetVulnerability(id)).
//
// Output is a pure function of the input files: advisories are sorted and every
// timestamp is fixed, so metadata.json is byte-identical between builds.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/ecosystem"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/vulnerability"
)

// Fixed so rebuilding never changes the DB's metadata. NextUpdate lies far in the
// future so Trivy never considers the fixture DB stale, even without --skip-db-update.
var (
	updatedAt  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	nextUpdate = time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ghsaEcosystems maps the fixture ecosystem to Trivy's ecosystem and the name
// GitHub uses in its advisory database (it is part of the bucket name).
var ghsaEcosystems = map[string]struct {
	eco  ecosystem.Type
	name string
}{
	"npm": {ecosystem.Npm, "npm"},
	"pip": {ecosystem.Pip, "pip"},
}

type cvss struct {
	Vector string  `json:"vector"`
	Score  float64 `json:"score"`
}

// fixtureAdvisory is the on-disk format of fixtures/advisories/*.json.
type fixtureAdvisory struct {
	ID                 string   `json:"id"`
	Aliases            []string `json:"aliases"`
	Ecosystem          string   `json:"ecosystem"`
	Package            string   `json:"package"`
	VulnerableVersions []string `json:"vulnerableVersions"`
	PatchedVersions    []string `json:"patchedVersions"`
	Severity           string   `json:"severity"`
	CVSSV3             *cvss    `json:"cvssV3"`
	CweIDs             []string `json:"cweIds"`
	Title              string   `json:"title"`
	Description        string   `json:"description"`
	References         []string `json:"references"`
	PublishedDate      string   `json:"publishedDate"`
	LastModifiedDate   string   `json:"lastModifiedDate"`
}

var vulnIDPattern = regexp.MustCompile(`^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3})$`)

func main() {
	advisoriesDir := flag.String("advisories", "", "directory holding the fixture advisory *.json files")
	outDir := flag.String("out", "", "DB directory to create (must not exist); receives trivy.db and metadata.json")
	flag.Parse()
	if *advisoriesDir == "" || *outDir == "" {
		fmt.Fprintln(os.Stderr, "usage: trivy-db -advisories DIR -out DBDIR")
		os.Exit(2)
	}
	if err := run(*advisoriesDir, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "trivy-db:", err)
		os.Exit(1)
	}
}

func run(advisoriesDir, outDir string) error {
	advisories, err := readAdvisories(advisoriesDir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(outDir); err == nil {
		return fmt.Errorf("%s already exists; refusing to write into an existing DB", outDir)
	}
	if err := db.Init(outDir); err != nil {
		return fmt.Errorf("open db: %w", err)
	}
	dbc := db.Config{}
	err = dbc.Connection().Update(func(tx *bolt.Tx) error {
		for _, adv := range advisories {
			if err := putAdvisory(dbc, tx, adv); err != nil {
				return fmt.Errorf("%s/%s %s: %w", adv.Ecosystem, adv.Package, adv.ID, err)
			}
		}
		return nil
	})
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return metadata.NewClient(outDir).Update(metadata.Metadata{
		Version:      db.SchemaVersion,
		NextUpdate:   nextUpdate,
		UpdatedAt:    updatedAt,
		DownloadedAt: updatedAt, // non-zero: Trivy warns "may be corrupted" for a zero DownloadedAt
	})
}

func readAdvisories(dir string) ([]fixtureAdvisory, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no advisories (*.json) in %s", dir)
	}
	sort.Strings(paths)
	seen := map[string]string{}
	var out []fixtureAdvisory
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields() // a typo in a fixture must fail the build, not vanish
		var adv fixtureAdvisory
		if err := dec.Decode(&adv); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if err := validate(adv); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		key := adv.Ecosystem + "/" + adv.Package + "/" + adv.ID
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s: duplicate of %s (%s)", p, prev, key)
		}
		seen[key] = p
		out = append(out, adv)
	}
	return out, nil
}

func validate(adv fixtureAdvisory) error {
	var problems []string
	if !vulnIDPattern.MatchString(adv.ID) {
		problems = append(problems, fmt.Sprintf("id %q is not a CVE or GHSA id", adv.ID))
	}
	if _, ok := ghsaEcosystems[adv.Ecosystem]; !ok {
		problems = append(problems, fmt.Sprintf("unsupported ecosystem %q (supported: npm, pip)", adv.Ecosystem))
	}
	if adv.Package == "" {
		problems = append(problems, "package is empty")
	}
	if len(adv.VulnerableVersions) == 0 {
		problems = append(problems, "vulnerableVersions is empty (an empty range would match every version)")
	}
	for _, v := range append(append([]string{}, adv.VulnerableVersions...), adv.PatchedVersions...) {
		if strings.TrimSpace(v) == "" {
			problems = append(problems, "empty version constraint (Trivy treats it as 'always vulnerable')")
		}
	}
	if sev, err := types.NewSeverity(adv.Severity); err != nil || sev == types.SeverityUnknown {
		problems = append(problems, fmt.Sprintf("severity %q must be LOW, MEDIUM, HIGH or CRITICAL", adv.Severity))
	}
	for _, d := range []string{adv.PublishedDate, adv.LastModifiedDate} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			problems = append(problems, fmt.Sprintf("date %q is not RFC 3339", d))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func putAdvisory(dbc db.Config, tx *bolt.Tx, adv fixtureAdvisory) error {
	ghsa := ghsaEcosystems[adv.Ecosystem]
	source := types.DataSource{
		ID:   vulnerability.GHSA,
		Name: "GitHub Security Advisory " + ghsa.name,
		URL:  "https://github.com/advisories?query=type%3Areviewed+ecosystem%3A" + strings.ToLower(ghsa.name),
	}
	// Same naming as trivy-db's langBucket: "<ecosystem>::<data source name>".
	bucket := string(ghsa.eco) + "::" + source.Name
	if err := dbc.PutDataSource(tx, bucket, source); err != nil {
		return err
	}

	pkg := vulnerability.NormalizePkgName(ghsa.eco, adv.Package)
	advisory := types.Advisory{
		VendorIDs:          adv.Aliases, // Trivy reports these as VendorIDs, as it does for real GHSA data
		VulnerableVersions: adv.VulnerableVersions,
		PatchedVersions:    adv.PatchedVersions,
	}
	if err := dbc.PutAdvisory(tx, []string{bucket, pkg}, adv.ID, &advisory); err != nil {
		return err
	}

	severity, _ := types.NewSeverity(adv.Severity)
	published, _ := time.Parse(time.RFC3339, adv.PublishedDate)
	modified, _ := time.Parse(time.RFC3339, adv.LastModifiedDate)
	vuln := types.Vulnerability{
		Title:            adv.Title,
		Description:      adv.Description,
		Severity:         severity.String(),
		CweIDs:           adv.CweIDs,
		VendorSeverity:   types.VendorSeverity{vulnerability.GHSA: severity},
		References:       adv.References,
		PublishedDate:    &published,
		LastModifiedDate: &modified,
	}
	if adv.CVSSV3 != nil {
		vuln.CVSS = types.VendorCVSS{vulnerability.GHSA: {V3Vector: adv.CVSSV3.Vector, V3Score: adv.CVSSV3.Score}}
	}
	// Several fixture files may name the same vulnerability (one per package); the
	// vulnerability bucket holds one record per id, so they must agree.
	if existing := tx.Bucket([]byte("vulnerability")); existing != nil {
		if prev := existing.Get([]byte(adv.ID)); prev != nil {
			next, err := json.Marshal(vuln)
			if err != nil {
				return err
			}
			if !bytes.Equal(prev, next) {
				return fmt.Errorf("vulnerability %s is described differently by two fixtures", adv.ID)
			}
			return nil
		}
	}
	return dbc.PutVulnerability(tx, adv.ID, vuln)
}
