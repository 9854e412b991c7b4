// Admin: with the demo borough loaded, the demo admin adds an area and an organisation, gives a
// resident a role and finds both changes in the audit log; a resident cannot reach the admin
// pages. Every page visited is scanned by axe, and the whole journey runs without JavaScript too.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, heading, journey, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

for (const javaScriptEnabled of [true, false]) {
  journey(`admin manages areas, organisations and roles (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, { browser, stack, javaScriptEnabled }, async (page) => {
    const suffix = javaScriptEnabled ? 'A' : 'B'
    await signInAs(page, 'admin@aberhaven.example')
    await act(page, () => page.getByRole('link', { name: 'Admin', exact: true }).first().click())
    assert.equal(await heading(page), 'Admin')

    // Areas: a bad postcode district is refused with the error summary, then fixed.
    await act(page, () => page.getByRole('link', { name: 'Areas' }).click())
    await page.getByLabel('Name', { exact: true }).fill(`Seaview ${suffix}`)
    await page.getByLabel('Postcode districts').fill('not a district')
    await act(page, () => page.getByRole('button', { name: 'Add an area' }).click())
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
    assert.match(await summary.textContent(), /Enter postcode districts like CF10/)
    await page.getByLabel('Postcode districts').fill('AH13, AH14')
    await act(page, () => page.getByRole('button', { name: 'Add an area' }).click())
    await page.getByText('The area has been saved.').waitFor()
    await page.getByRole('link', { name: `Seaview ${suffix}` }).waitFor()

    // Organisations.
    await visit(page, '/admin/organisations')
    await page.getByLabel('Name', { exact: true }).fill(`Seaview Lifeboat Crew ${suffix}`)
    await page.getByLabel('Voluntary, community and faith sector').check()
    await page.getByLabel('Area').selectOption({ label: `Seaview ${suffix}` })
    await act(page, () => page.getByRole('button', { name: 'Add an organisation' }).click())
    assert.equal(await heading(page), `Organisation: Seaview Lifeboat Crew ${suffix}`)
    await page.getByLabel('Email address of the person to add').fill('resident@aberhaven.example')
    await act(page, () => page.getByRole('button', { name: 'Add member' }).click())
    await page.getByText('The person has been added to the organisation.').waitFor()

    // Roles.
    await visit(page, '/admin/accounts?q=resident')
    await act(page, () => page.getByRole('link', { name: 'Rhys Resident' }).click())
    const officerRow = page.getByRole('row').filter({ hasText: 'Officer' })
    if (suffix === 'A') {
      await act(page, () => officerRow.getByRole('button', { name: /Grant/ }).click())
      await page.getByText('The role has been granted.').waitFor()
    } else {
      await act(page, () => officerRow.getByRole('button', { name: /Revoke/ }).click())
      await page.getByText('The role has been revoked.').waitFor()
    }

    // The audit log has it all, and filters.
    await visit(page, '/admin/audit?action=role.')
    const rows = await page.getByRole('row').allTextContents()
    assert.ok(rows.some((r) => r.includes(suffix === 'A' ? 'role.grant' : 'role.revoke')), rows.join('\n'))
    assert.ok(!rows.some((r) => r.includes('area.create')), 'the role. filter let an area entry through')
    await visit(page, '/admin/audit')
    const all = (await page.getByRole('row').allTextContents()).join('\n')
    assert.match(all, new RegExp(`Seaview ${suffix}`))
    assert.match(all, new RegExp(`Seaview Lifeboat Crew ${suffix}`))
  })
}

journey('a resident cannot reach the admin pages', { browser, stack }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  assert.equal(await page.getByRole('link', { name: 'Admin', exact: true }).count(), 0)
  await visit(page, '/admin/areas')
  assert.equal(await heading(page), 'Sorry, there is a problem')
  await page.getByText('You do not have permission to see or do this.').waitFor()
})

journey('admin pages fit a 320px-wide screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  for (const url of ['/admin', '/admin/areas', '/admin/organisations', '/admin/accounts', '/admin/audit']) {
    await visit(page, url)
    await assertNoHorizontalScroll(page)
  }
})
