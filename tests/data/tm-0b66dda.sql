-- A TM written by tm at commit 0b66dda (before schema migrations and the lookup index),
-- dumped with sqlite3's iterdump after importing a two-sentence en/ru letter.
BEGIN TRANSACTION;
CREATE TABLE document (
	id VARCHAR(200) NOT NULL, 
	titles JSON NOT NULL, 
	date DATE, 
	author VARCHAR, 
	addressee VARCHAR, 
	source VARCHAR, 
	notes VARCHAR, 
	langs JSON NOT NULL, 
	origin VARCHAR, 
	created_at DATETIME NOT NULL, 
	changed_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "document" VALUES('old-letter','{"en": "An old letter"}',NULL,NULL,NULL,NULL,NULL,'["en", "ru"]','letter','2026-12-02 14:55:10.000000','2026-12-02 14:55:10.000000');
CREATE TABLE glossary_concept (
	id VARCHAR(200) NOT NULL, 
	type VARCHAR(20) NOT NULL, 
	note VARCHAR, 
	case_sensitive BOOLEAN NOT NULL, 
	scheme VARCHAR(60), 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE glossary_term (
	id INTEGER NOT NULL, 
	concept_id VARCHAR(200) NOT NULL, 
	lang VARCHAR(35) NOT NULL, 
	text VARCHAR NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_glossary_term UNIQUE (concept_id, lang, text), 
	FOREIGN KEY(concept_id) REFERENCES glossary_concept (id) ON DELETE CASCADE
);
CREATE TABLE tm_schema (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "tm_schema" VALUES(1,1);
CREATE TABLE unit (
	id INTEGER NOT NULL, 
	doc_id VARCHAR(200) NOT NULL, 
	position INTEGER NOT NULL, 
	paragraph INTEGER NOT NULL, 
	bead VARCHAR(40) NOT NULL, 
	score FLOAT NOT NULL, 
	flags VARCHAR(200) NOT NULL, 
	tuid VARCHAR(200), 
	note VARCHAR, 
	created_at DATETIME NOT NULL, 
	changed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_unit_doc_position UNIQUE (doc_id, position), 
	FOREIGN KEY(doc_id) REFERENCES document (id) ON DELETE CASCADE
);
INSERT INTO "unit" VALUES(1,'old-letter',0,0,'1-1',0.992,'',NULL,NULL,'2026-12-02 14:55:10.000000','2026-12-02 14:55:10.000000');
INSERT INTO "unit" VALUES(2,'old-letter',1,1,'1-1',0.993,'',NULL,NULL,'2026-12-02 14:55:10.000000','2026-12-02 14:55:10.000000');
CREATE TABLE unit_prop (
	id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	lang VARCHAR(35), 
	type VARCHAR(200) NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(unit_id) REFERENCES unit (id) ON DELETE CASCADE
);
CREATE TABLE variant (
	id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	lang VARCHAR(35) NOT NULL, 
	text VARCHAR NOT NULL, 
	search VARCHAR NOT NULL, 
	sentences INTEGER NOT NULL, 
	markup JSON, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_variant_unit_lang UNIQUE (unit_id, lang), 
	FOREIGN KEY(unit_id) REFERENCES unit (id) ON DELETE CASCADE
);
INSERT INTO "variant" VALUES(1,1,'en','I left London in 2012.','i left london in 2012',1,NULL);
INSERT INTO "variant" VALUES(2,1,'ru','Я уехал из Лондона в 2012 году.','я уехал из лондона в 2012 году',1,NULL);
INSERT INTO "variant" VALUES(3,2,'en','The judge cannot believe this.','the judge cannot believe this',1,NULL);
INSERT INTO "variant" VALUES(4,2,'ru','Судья не может в это поверить.','судья не может в это поверить',1,NULL);
CREATE INDEX ix_glossary_term_concept_id ON glossary_term (concept_id);
CREATE INDEX ix_variant_lang_unit ON variant (lang, unit_id);
CREATE INDEX ix_unit_prop_unit_id ON unit_prop (unit_id);
COMMIT;
