// The GeoReport v2 standard's own examples (wiki.open311.org/GeoReport_v2 and its Service
// Discovery page), shortened to one item per list: the element names and nesting are the
// standard's, the texts its sample values. Tests compare our documents' structure with these.

export const EXAMPLE_DISCOVERY_XML = `<?xml version="1.0" encoding="utf-8"?>
<discovery>
  <changeset>2011-04-05T17:48:34Z</changeset>
  <contact>Please email ( content.311@sfgov.org ) for assistance or to report bugs</contact>
  <key_service>To get an API_KEY please visit this website: http://www.sf311.org</key_service>
  <endpoints>
    <endpoint>
      <specification>http://wiki.open311.org/GeoReport_v2</specification>
      <url>http://open311.sfgov.org/dev/v2</url>
      <changeset>2011-04-20T17:48:34Z</changeset>
      <type>test</type>
      <formats>
        <format>text/xml</format>
      </formats>
    </endpoint>
  </endpoints>
</discovery>`;

export const EXAMPLE_SERVICES_XML = `<?xml version="1.0" encoding="utf-8"?>
<services>
  <service>
    <service_code>001</service_code>
    <service_name>Cans left out 24x7</service_name>
    <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
    <metadata>true</metadata>
    <type>realtime</type>
    <keywords>lorem, ipsum, dolor</keywords>
    <group>sanitation</group>
  </service>
</services>`;

export const EXAMPLE_SERVICE_DEFINITION_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
  <service_code>DMV66</service_code>
  <attributes>
    <attribute>
      <variable>true</variable>
      <code>WHISHETN</code>
      <datatype>singlevaluelist</datatype>
      <required>true</required>
      <datatype_description></datatype_description>
      <order>1</order>
      <description>What is the ticket/tag/DL number?</description>
      <values>
        <value>
          <key>123</key>
          <name>Ford</name>
        </value>
      </values>
    </attribute>
  </attributes>
</service_definition>`;

/** POST Service Request: the standard's example request body (form-urlencoded). */
export const EXAMPLE_POST_FIELDS = {
  api_key: 'xyz',
  jurisdiction_id: 'city.gov',
  service_code: '001',
  lat: '37.76524078',
  long: '-122.4212043',
  address_string: '1234 5th street',
  email: 'smit222@sfgov.edu',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: 'john',
  last_name: 'smith',
  phone: '111111111',
  description: 'a large sinkhole is forming on the south side of the street',
  media_url: 'http://city.gov/media/12.jpg',
};

export const EXAMPLE_POST_RESPONSE_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>293944</service_request_id>
    <service_notice>The City will inspect and require the responsible party to correct within 24 hours</service_notice>
    <account_id/>
  </request>
</service_requests>`;

export const EXAMPLE_TOKEN_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <token>12345</token>
  </request>
</service_requests>`;

export const EXAMPLE_REQUESTS_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <status>closed</status>
    <status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name>
    <service_code>006</service_code>
    <description></description>
    <agency_responsible></agency_responsible>
    <service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
    <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
    <address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id>
    <zipcode>94122</zipcode>
    <lat>37.762221815</lat>
    <long>-122.4651145</long>
    <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg</media_url>
  </request>
</service_requests>`;

export const EXAMPLE_ERRORS_XML = `<?xml version="1.0" encoding="utf-8"?>
<errors>
  <error>
    <code>403</code>
    <description>Invalid api_key received -- can't proceed with create_request.</description>
  </error>
</errors>`;

/**
 * Elements of the examples this API does not give: the city's own address database
 * (`address_id`, `zipcode`), and `service_notice` on GET (ours is in the POST answer).
 */
export const NOT_OFFERED = ['address_id', 'zipcode', 'service_requests.request.service_notice'];
