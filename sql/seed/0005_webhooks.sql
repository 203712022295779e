-- Demo data for webhooks (issue 14): one subscription as the city's personnel system (SIMPEG)
-- would hold it, PAUSED so that no zi-server tries to reach a host the demo does not run.
-- The secret is a published placeholder: a real subscription's secret is made by the server
-- and shown once. Resume it (PATCH {"active": true}) only after pointing url at a receiver.
INSERT INTO webhook_subscriptions (url, description, event_types, secret, active)
SELECT 'https://simpeg.mojokertokota.go.id/hooks/zi',
       '[Contoh] SIMPEG: perubahan unit dan kunci API (paused demo subscription)',
       ARRAY['unit.*', 'api_key.revoked'],
       'whsec_demo-placeholder-not-a-secret-0000000000000',
       false
WHERE NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE url = 'https://simpeg.mojokertokota.go.id/hooks/zi');
